package io.payrecon.statements;

import io.payrecon.model.AlertState;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.ExceptionType;
import io.payrecon.model.Kind;
import io.payrecon.model.ReconciledRecord;
import java.util.Objects;

/**
 * What one output record adds to its period's statement: its time (which decides the period), its
 * kind, and its money; the rest of the record plays no part in a statement.
 */
public class StatementEntry {
    /** The record's contract time: a reconciled record's {@code matched_time}, an exception's {@code detected_time}. */
    public long time;
    /** The exception's type; null for a reconciled record. */
    public ExceptionType type;
    /** The exception's state; null for a reconciled record. */
    public AlertState state;
    /** The record's amount text, exactly as the producer gave it; null where the record has none. */
    public String amount;
    /** The amount's currency; null exactly when the amount is. */
    public String currency;
    /** Contract v3: a reconciled record's kind (a refund or chargeback is a reversal); null for an exception. */
    public Kind kind;
    /** Contract v3: a reconciled record's fee text, or null. */
    public String fee;

    public StatementEntry() {}

    public StatementEntry(long time, ExceptionType type, AlertState state, String amount, String currency) {
        this.time = time;
        this.type = type;
        this.state = state;
        this.amount = amount;
        this.currency = currency;
    }

    public static StatementEntry of(ReconciledRecord record) {
        StatementEntry entry = new StatementEntry(record.matchedTime, null, null, record.amount, record.currency);
        entry.kind = record.kind;
        entry.fee = record.fee;
        return entry;
    }

    /** A refund or chargeback that reconciled. */
    public boolean isReversal() {
        return kind != null && kind.returnsMoney();
    }

    /**
     * @return null when the exception belongs to no period: {@code MALFORMED_EVENT}, the one type
     *     without a detected time
     */
    public static StatementEntry of(ExceptionRecord record) {
        if (record.type == ExceptionType.MALFORMED_EVENT || record.detectedTime == null) {
            return null;
        }
        return new StatementEntry(record.detectedTime, record.type, record.state, record.amount, record.currency);
    }

    public boolean isReconciled() {
        return type == null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StatementEntry)) {
            return false;
        }
        StatementEntry that = (StatementEntry) o;
        return time == that.time
                && type == that.type
                && state == that.state
                && Objects.equals(amount, that.amount)
                && Objects.equals(currency, that.currency)
                && kind == that.kind
                && Objects.equals(fee, that.fee);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, type, state, amount, currency, kind, fee);
    }

    @Override
    public String toString() {
        return (type == null ? "RECONCILED" : type + "/" + state) + " " + amount + " " + currency + " @" + time;
    }
}
