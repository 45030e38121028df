package io.payrecon.statements;

import io.payrecon.model.DurationText;
import java.io.Serializable;
import java.time.Duration;

/**
 * The length of a statement period ({@code --statement-period}). Periods are aligned to the UTC
 * epoch, {@code [k x period, (k+1) x period)}; because a valid period divides one day, every day
 * starts a period, so periods line up with UTC days (and, for a whole number of hours, with hours).
 */
public final class StatementPeriod implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final long ONE_MINUTE_MILLIS = 60_000L;
    public static final long ONE_DAY_MILLIS = 86_400_000L;

    /** The contract's default, {@code 1h}. */
    /** The default, as {@code --statement-period} writes it (the job's option takes the text). */
    public static final String DEFAULT_TEXT = "1h";

    public static final StatementPeriod DEFAULT = of(DurationText.parse(DEFAULT_TEXT));

    private final long millis;

    private StatementPeriod(long millis) {
        this.millis = millis;
    }

    /**
     * @throws IllegalArgumentException when the period is shorter than one minute or does not divide
     *     one day exactly; the message is one line, starting with "must", for the caller to prefix
     *     with the flag's name
     */
    public static StatementPeriod of(Duration period) {
        long millis;
        try {
            millis = period.toMillis();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("must divide one day exactly (e.g. 15m, 1h, 1d), got '" + period + "'");
        }
        if (!Duration.ofMillis(millis).equals(period)) {
            // Sub-millisecond parts would be cut silently; such a period cannot divide a day in ms.
            throw new IllegalArgumentException("must divide one day exactly (e.g. 15m, 1h, 1d), got '" + period + "'");
        }
        return ofMillis(millis);
    }

    /** @see #of(Duration) */
    public static StatementPeriod ofMillis(long millis) {
        if (millis < ONE_MINUTE_MILLIS) {
            throw new IllegalArgumentException("must be at least one minute, got '" + DurationText.of(millis) + "'");
        }
        if (millis > ONE_DAY_MILLIS || ONE_DAY_MILLIS % millis != 0) {
            throw new IllegalArgumentException(
                    "must divide one day exactly (e.g. 15m, 1h, 1d), got '" + DurationText.of(millis) + "'");
        }
        return new StatementPeriod(millis);
    }

    public long millis() {
        return millis;
    }

    public Duration duration() {
        return Duration.ofMillis(millis);
    }

    /** The start of the period that holds this instant; floor division, so right for times before 1970 too. */
    public long startOf(long eventTimeMillis) {
        return Math.floorDiv(eventTimeMillis, millis) * millis;
    }

    /** The end (exclusive) of the period that holds this instant: the next period's start. */
    public long endOf(long eventTimeMillis) {
        return startOf(eventTimeMillis) + millis;
    }

    /** The period as the flags write it: "15m", "1h", "1d", "90s". */
    @Override
    public String toString() {
        return DurationText.of(millis);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StatementPeriod && ((StatementPeriod) o).millis == millis;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(millis);
    }
}
