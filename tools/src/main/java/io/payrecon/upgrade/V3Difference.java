package io.payrecon.upgrade;

/**
 * Why contract v3 reads a record differently from v2: v2 ignored the fields {@code movement_id},
 * {@code kind} and {@code fee}, v3 reads them. Either the record becomes malformed, or it stays
 * valid but pairs, sums or compares differently.
 */
public enum V3Difference {
    MOVEMENT_ID_INVALID(true, "movement_id is not a JSON string of 1 to 256 characters"),
    KIND_INVALID(true, "kind is not payment, refund or chargeback"),
    FEE_INVALID(true, "fee is not a plain decimal"),
    FEE_ON_DEBIT(true, "fee on a debit"),
    MOVEMENT_ID_SET(false, "movement_id set: the side pairs only within that movement"),
    KIND_RETURNS_MONEY(false, "kind refund or chargeback: counts against what the order took"),
    FEE_SET(false, "fee set on a credit: credit amount + fee is compared with the debit");

    private final boolean malformed;
    private final String description;

    V3Difference(boolean malformed, String description) {
        this.malformed = malformed;
        this.description = description;
    }

    /** True when v2 accepted the record and v3 rejects it as malformed. */
    public boolean becomesMalformed() {
        return malformed;
    }

    public String description() {
        return description;
    }
}
