package io.payrecon.matching;

import io.payrecon.model.DurationText;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The tunable parts of the contract's matching rules; validated once, at construction. A value, never
 * in Flink state: the job ships it inside the matching function (Java serialization).
 */
public record MatchingRules(
        long matchWindowMillis,
        long retentionMillis,
        BigDecimal amountTolerance,
        long moneyRetentionMillis,
        int maxEventsPerOrder)
        implements Serializable {
    // Each default once, as the flags write it (the job's options take the text as their default).
    public static final String DEFAULT_MATCH_WINDOW_TEXT = "10m";
    public static final String DEFAULT_RETENTION_TEXT = "7d";
    public static final String DEFAULT_AMOUNT_TOLERANCE_TEXT = "0";
    /** Contract v3, rule 12: refunds come weeks after payments; the sums stay this long after the last. */
    public static final String DEFAULT_MONEY_RETENTION_TEXT = "180d";
    /** Contract v3, rule 13. */
    public static final String DEFAULT_MAX_EVENTS_PER_ORDER_TEXT = "10000";

    public static final Duration DEFAULT_MATCH_WINDOW = DurationText.parse(DEFAULT_MATCH_WINDOW_TEXT);
    public static final Duration DEFAULT_RETENTION = DurationText.parse(DEFAULT_RETENTION_TEXT);
    public static final BigDecimal DEFAULT_AMOUNT_TOLERANCE = new BigDecimal(DEFAULT_AMOUNT_TOLERANCE_TEXT);
    public static final Duration DEFAULT_MONEY_RETENTION = DurationText.parse(DEFAULT_MONEY_RETENTION_TEXT);
    public static final int DEFAULT_MAX_EVENTS_PER_ORDER = Integer.parseInt(DEFAULT_MAX_EVENTS_PER_ORDER_TEXT);

    public MatchingRules {
        if (matchWindowMillis <= 0) {
            throw new IllegalArgumentException("the match window must be positive");
        }
        if (retentionMillis < matchWindowMillis) {
            throw new IllegalArgumentException("retention must be at least the match window");
        }
        if (amountTolerance.signum() < 0) {
            throw new IllegalArgumentException("the amount tolerance must not be negative");
        }
        if (moneyRetentionMillis < retentionMillis) {
            throw new IllegalArgumentException("the money retention must be at least the retention");
        }
        if (maxEventsPerOrder < 1) {
            throw new IllegalArgumentException("an order must be able to hold at least one event");
        }
    }

    /** The v2 rules with v3's defaults for the money retention and the events an order may hold. */
    public MatchingRules(Duration matchWindow, Duration retention, BigDecimal amountTolerance) {
        this(
                matchWindow,
                retention,
                amountTolerance,
                retention.compareTo(DEFAULT_MONEY_RETENTION) > 0 ? retention : DEFAULT_MONEY_RETENTION,
                DEFAULT_MAX_EVENTS_PER_ORDER);
    }

    public MatchingRules(
            Duration matchWindow,
            Duration retention,
            BigDecimal amountTolerance,
            Duration moneyRetention,
            int maxEventsPerOrder) {
        this(
                matchWindow.toMillis(),
                retention.toMillis(),
                amountTolerance,
                moneyRetention.toMillis(),
                maxEventsPerOrder);
    }

    public static MatchingRules defaults() {
        return new MatchingRules(DEFAULT_MATCH_WINDOW, DEFAULT_RETENTION, DEFAULT_AMOUNT_TOLERANCE);
    }
}
