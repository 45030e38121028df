package io.payrecon.matching;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;

/** The tunable parts of the contract's matching rules; validated once, at construction. */
public final class MatchingRules implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_MATCH_WINDOW = Duration.ofMinutes(10);
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);
    public static final BigDecimal DEFAULT_AMOUNT_TOLERANCE = BigDecimal.ZERO;

    private final long matchWindowMillis;
    private final long retentionMillis;
    private final BigDecimal amountTolerance;

    public MatchingRules(Duration matchWindow, Duration retention, BigDecimal amountTolerance) {
        if (matchWindow.isNegative() || matchWindow.isZero()) {
            throw new IllegalArgumentException("the match window must be positive");
        }
        if (retention.compareTo(matchWindow) < 0) {
            throw new IllegalArgumentException("retention must be at least the match window");
        }
        if (amountTolerance.signum() < 0) {
            throw new IllegalArgumentException("the amount tolerance must not be negative");
        }
        this.matchWindowMillis = matchWindow.toMillis();
        this.retentionMillis = retention.toMillis();
        this.amountTolerance = amountTolerance;
    }

    public static MatchingRules defaults() {
        return new MatchingRules(DEFAULT_MATCH_WINDOW, DEFAULT_RETENTION, DEFAULT_AMOUNT_TOLERANCE);
    }

    public long matchWindowMillis() {
        return matchWindowMillis;
    }

    public long retentionMillis() {
        return retentionMillis;
    }

    public BigDecimal amountTolerance() {
        return amountTolerance;
    }
}
