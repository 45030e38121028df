package io.payrecon.statements;

import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/**
 * One record of the {@code statements} topic: a period's figures as of one revision. Revision 0 is
 * the period's first statement; each later one is complete (not a delta), and the highest is the
 * period's current figure.
 */
public final class Statement implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long periodStart;
    private final long periodEnd;
    private final long revision;
    private final PeriodTotals totals;

    /**
     * @param periodStart epoch milliseconds, inclusive
     * @param periodEnd epoch milliseconds, exclusive
     */
    public Statement(long periodStart, long periodEnd, long revision, PeriodTotals totals) {
        if (periodEnd <= periodStart) {
            throw new IllegalArgumentException("a period ends after it starts: " + periodStart + ", " + periodEnd);
        }
        if (revision < 0) {
            throw new IllegalArgumentException("a revision is 0 or more, got " + revision);
        }
        this.periodStart = periodStart;
        this.periodEnd = periodEnd;
        this.revision = revision;
        this.totals = Objects.requireNonNull(totals);
    }

    public long periodStart() {
        return periodStart;
    }

    public long periodEnd() {
        return periodEnd;
    }

    public long revision() {
        return revision;
    }

    public PeriodTotals totals() {
        return totals;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Statement)) {
            return false;
        }
        Statement that = (Statement) o;
        return periodStart == that.periodStart
                && periodEnd == that.periodEnd
                && revision == that.revision
                && totals.equals(that.totals);
    }

    @Override
    public int hashCode() {
        return Objects.hash(periodStart, periodEnd, revision, totals);
    }

    @Override
    public String toString() {
        return "statement " + Instant.ofEpochMilli(periodStart) + "/" + Instant.ofEpochMilli(periodEnd) + " revision "
                + revision + ": " + totals;
    }
}
