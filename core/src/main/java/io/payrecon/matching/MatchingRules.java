package io.payrecon.matching;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;

/**
 * The tunable parts of the contract's matching rules; validated once, at construction. A value, never
 * in Flink state: the job ships it inside the matching function (Java serialization).
 */
public record MatchingRules(long matchWindowMillis, long retentionMillis, BigDecimal amountTolerance)
        implements Serializable {
    public static final Duration DEFAULT_MATCH_WINDOW = Duration.ofMinutes(10);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    public static final BigDecimal DEFAULT_AMOUNT_TOLERANCE = BigDecimal.ZERO;

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
    }

    public MatchingRules(Duration matchWindow, Duration retention, BigDecimal amountTolerance) {
        this(matchWindow.toMillis(), retention.toMillis(), amountTolerance);
    }

    public static MatchingRules defaults() {
        return new MatchingRules(DEFAULT_MATCH_WINDOW, DEFAULT_RETENTION, DEFAULT_AMOUNT_TOLERANCE);
    }
}
