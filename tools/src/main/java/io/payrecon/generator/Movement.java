package io.payrecon.generator;

import io.payrecon.model.Kind;

/**
 * One money movement of an order (contract v3, rule 11) as both of its sides write it: the same
 * {@code movement_id} and the same {@code kind} text on the debit and the credit, decided once per
 * movement so that the two sides can never disagree by accident.
 *
 * @param id the movement id; null for the order's default movement
 * @param kind what the job reads ({@link Kind#PAYMENT} when the sides name none)
 * @param idJson the raw JSON value of {@code movement_id}; null when the field is left out
 * @param kindJson the raw JSON value of {@code kind}; null when the field is left out
 */
record Movement(String id, Kind kind, String idJson, String kindJson) {

    /**
     * A movement as producers write it: a payment often without a kind (the default), sometimes in
     * upper case or as a JSON null; a default movement now and then with {@code "movement_id":null},
     * which the contract reads as absent.
     */
    static Movement of(String id, Kind kind, SplitMix64 rng) {
        String idJson = id != null ? JsonText.quote(id) : rng.percent(10) ? "null" : null;
        return new Movement(id, kind, idJson, kindJson(kind, rng));
    }

    private static String kindJson(Kind kind, SplitMix64 rng) {
        int r = rng.nextInt(100);
        String wire = kind.wireName();
        if (kind == Kind.PAYMENT) {
            if (r < 40) {
                return null;
            }
            if (r < 85) {
                return JsonText.quote(wire);
            }
            return r < 92 ? JsonText.quote(wire.toUpperCase(java.util.Locale.ROOT)) : "null";
        }
        return JsonText.quote(r < 92 ? wire : Character.toUpperCase(wire.charAt(0)) + wire.substring(1));
    }
}
