package io.payrecon.generator;

import java.util.List;

/**
 * What the traffic model does with one order. Every order has exactly one scenario; {@link #MATCHED}
 * is whatever the anomaly shares leave over. Lifecycle events are orthogonal (see {@link
 * TrafficSpec#lifecycleShare()}), except that {@link #INVALID_TRANSITION} always carries them.
 */
public enum Scenario {
    /** A debit and a credit of the same amount and currency, within 0..3 s of each other. */
    MATCHED("matched"),
    /** A debit only. */
    UNMATCHED_DEBIT("unmatched-debit"),
    /** A credit only. */
    UNMATCHED_CREDIT("unmatched-credit"),
    /**
     * A pair whose second side comes 1 s .. 5 min after the first side's time + match window
     * (usually a late credit; about one in four is a late debit after an early credit).
     */
    LATE_MATCH("late-match"),
    /** A pair whose credit amount differs from the debit's. */
    AMOUNT_MISMATCH("amount-mismatch"),
    /** A pair with the same amount text in two different currencies. */
    CURRENCY_MISMATCH("currency-mismatch"),
    /** A matched pair where one event of the order is delivered twice: identical bytes, same event_id. */
    DUPLICATE_DELIVERY("duplicate-delivery"),
    /** A matched pair plus a second debit with a new event_id, 1..60 s after the first. */
    DOUBLE_CHARGE("double-charge"),
    /** A matched pair with lifecycle events, exactly one of which is an invalid transition. */
    INVALID_TRANSITION("invalid-transition"),
    /** A matched pair plus one extra record that is malformed per the contract. */
    MALFORMED("malformed"),
    /**
     * A matched pair plus one extra copy of one of its event ids that states a different fact
     * (contract v2): another amount, a later time, another type or another currency, rotated (see
     * {@link IdConflict}). The copy never sorts before the original, so the pair reconciles as in
     * {@link #MATCHED} and the job reports exactly one {@code EVENT_ID_CONFLICT}. Appended last:
     * ordinals order the quotas and the scenario draw.
     */
    EVENT_ID_CONFLICT("event-id-conflict");

    private static final List<Scenario> ANOMALIES = List.of(values()).subList(1, values().length);

    private final String flagName;

    Scenario(String flagName) {
        this.flagName = flagName;
    }

    /** The command-line name, also used in summaries: "unmatched-debit". */
    public String flagName() {
        return flagName;
    }

    public boolean isAnomaly() {
        return this != MATCHED;
    }

    /** Every scenario but {@link #MATCHED}, in declaration order. */
    public static List<Scenario> anomalies() {
        return ANOMALIES;
    }
}
