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
    EVENT_ID_CONFLICT("event-id-conflict"),
    /*
     * Contract v3: orders whose money moves more than once. Appended after the v2 scenarios, so that
     * a spec with none of them still draws exactly the orders it drew before. Default shares: the
     * multi-movement ones add up to 30 % (the benchmark's "default mix with 30 % multi-movement
     * orders"), fees 5 %; with the v2 anomalies at 2 % each, 45 % stay plain matched pairs.
     */
    /** An order captured in 2 or 3 payment movements (movement ids cap-1..), 1..20 s apart, together the order's amount. */
    PARTIAL_CAPTURE("partial-capture", 0.08),
    /** A payment, then 30 s..10 min later a refund movement (re-1) of part of it. */
    REFUND("refund", 0.12),
    /** A payment, then 1..10 min later a chargeback movement (cb-1) of all of it. */
    CHARGEBACK("chargeback", 0.02),
    /** One order paid by two payment movements (tender-1, tender-2) in two different currencies. */
    SPLIT_TENDER("split-tender", 0.06),
    /** One pair whose credit is the debit net of the processor's fee, with {@code fee} set so that it reconciles. */
    PROCESSOR_FEE("processor-fee", 0.05),
    /**
     * A payment, then two refund movements (re-1, re-2) that each stay within the payment but
     * together exceed it: the second one reconciled sends one {@code OVER_REFUND} (rule 12).
     */
    DOUBLE_REFUND("double-refund", 0.02),
    /**
     * One order of the run with {@link TrafficSpec#hotOrderMovements()} movements (rule 13): not a
     * share but one order, taken from the matched ones.
     */
    HOT_ORDER("hot-order", 0.0);

    private static final List<Scenario> ANOMALIES = List.of(values()).stream()
            .filter(s -> s != MATCHED && s != HOT_ORDER)
            .toList();

    private final String flagName;
    private final double defaultShare;

    Scenario(String flagName) {
        this(flagName, TrafficSpec.DEFAULT_ANOMALY_SHARE);
    }

    Scenario(String flagName, double defaultShare) {
        this.flagName = flagName;
        this.defaultShare = defaultShare;
    }

    /** The share of orders a default spec gives this scenario (0 for {@link #MATCHED} and {@link #HOT_ORDER}). */
    public double defaultShare() {
        return defaultShare;
    }

    /**
     * Whether the order's money moves more than once (contract v3, rule 11): what the default mix's
     * "30 % multi-movement orders" counts.
     */
    public boolean isMultiMovement() {
        return switch (this) {
            case PARTIAL_CAPTURE, REFUND, CHARGEBACK, SPLIT_TENDER, DOUBLE_REFUND, HOT_ORDER -> true;
            default -> false;
        };
    }

    /** The command-line name, also used in summaries: "unmatched-debit". */
    public String flagName() {
        return flagName;
    }

    public boolean isAnomaly() {
        return this != MATCHED;
    }

    /** Every scenario set by a share: all but {@link #MATCHED} and {@link #HOT_ORDER}, in declaration order. */
    public static List<Scenario> anomalies() {
        return ANOMALIES;
    }
}
