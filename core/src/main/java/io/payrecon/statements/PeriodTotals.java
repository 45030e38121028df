package io.payrecon.statements;

import io.payrecon.model.AlertState;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.ExceptionType;
import io.payrecon.model.ReconciledRecord;
import java.io.Serializable;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The figures of one statement period, built record by record and mergeable: per currency the
 * contract's ten figures ({@link CurrencyTotals}), and the exceptions counted by type. Which
 * record adds to which figure is decided here, in one place:
 *
 * <ul>
 *   <li>a reconciled record: its currency's {@code reconciled_*};
 *   <li>every exception except {@code MALFORMED_EVENT} (which belongs to no period): one more of its
 *       type, both states counted; and, when it carries a currency, that currency's figure for its
 *       kind: {@code unmatched_open_*} or {@code unmatched_resolved_*} by state, {@code mismatch_count}
 *       for the three mismatch types (the debit's currency), {@code duplicate_*} for both duplicate
 *       types, {@code conflict_count} for a conflict that has an amount; {@code OVER_REFUND} and {@code
 *       ORDER_OVERFLOW} give their currency its row and count in none of its figures. {@code
 *       INVALID_TRANSITION} has no money and adds to no currency;
 *   <li>contract v3: a reconciled refund or chargeback also adds to {@code reversal_*}, and every
 *       reconciled record's fee, when it has one, to {@code fee_amount}.
 * </ul>
 *
 * A currency appears as soon as one record adds to it, with all thirteen figures.
 */
public final class PeriodTotals implements Serializable {
    private static final long serialVersionUID = 1L;

    private final TreeMap<String, CurrencyTotals> currencies = new TreeMap<>();
    private final EnumMap<ExceptionType, Long> exceptions = new EnumMap<>(ExceptionType.class);

    /** Which currency figure an exception adds to. */
    private enum Share {
        UNMATCHED,
        MISMATCH,
        DUPLICATE,
        CONFLICT,
        /** Contract v3: the currency gets its row, and no figure counts the record. */
        ROW,
        NONE
    }

    public PeriodTotals add(ReconciledRecord record) {
        return add(StatementEntry.of(record));
    }

    /** {@code MALFORMED_EVENT} adds nothing. */
    public PeriodTotals add(ExceptionRecord record) {
        StatementEntry entry = StatementEntry.of(record);
        return entry == null ? this : add(entry);
    }

    /** {@code MALFORMED_EVENT} adds nothing. */
    public PeriodTotals add(StatementEntry entry) {
        if (entry.isReconciled()) {
            if (entry.currency != null) {
                currency(entry.currency).addReconciled(entry.amount, entry.isReversal(), entry.fee);
            }
            return this;
        }
        if (entry.type == ExceptionType.MALFORMED_EVENT) {
            return this;
        }
        exceptions.merge(entry.type, 1L, Long::sum);
        // A switch expression: a new exception type does not compile until it is given a share.
        Share share = switch (entry.type) {
            case UNMATCHED_DEBIT, UNMATCHED_CREDIT -> Share.UNMATCHED;
            case AMOUNT_MISMATCH, CURRENCY_MISMATCH, KIND_MISMATCH -> Share.MISMATCH;
            case DUPLICATE_DEBIT, DUPLICATE_CREDIT -> Share.DUPLICATE;
            case EVENT_ID_CONFLICT -> Share.CONFLICT;
            case OVER_REFUND, ORDER_OVERFLOW -> Share.ROW;
            case INVALID_TRANSITION, MALFORMED_EVENT -> Share.NONE;
        };
        if (share == Share.NONE || entry.currency == null) {
            return this;
        }
        CurrencyTotals totals = currency(entry.currency);
        switch (share) {
            case UNMATCHED -> {
                if (entry.state == AlertState.RESOLVED) {
                    totals.addUnmatchedResolved(entry.amount);
                } else {
                    totals.addUnmatchedOpen(entry.amount);
                }
            }
            case MISMATCH -> totals.addMismatch();
            case DUPLICATE -> totals.addDuplicate(entry.amount);
            case CONFLICT -> totals.addConflict();
            case ROW, NONE -> {}
        }
        return this;
    }

    /** Adds the other period's figures to these; the other stays as it was. */
    public PeriodTotals merge(PeriodTotals other) {
        for (Map.Entry<String, CurrencyTotals> c : other.currencies.entrySet()) {
            currency(c.getKey()).merge(c.getValue());
        }
        for (Map.Entry<ExceptionType, Long> e : other.exceptions.entrySet()) {
            exceptions.merge(e.getKey(), e.getValue(), Long::sum);
        }
        return this;
    }

    /** Restores one currency's stored figures (added to any already there). */
    public PeriodTotals addCurrency(String currency, CurrencyTotals totals) {
        currency(currency).merge(totals);
        return this;
    }

    /** Restores a stored count of exceptions of one type (added to any already there). */
    public PeriodTotals addExceptions(ExceptionType type, long count) {
        if (type == ExceptionType.MALFORMED_EVENT) {
            throw new IllegalArgumentException("MALFORMED_EVENT belongs to no period");
        }
        if (count != 0) {
            exceptions.merge(type, count, Long::sum);
        }
        return this;
    }

    public PeriodTotals copy() {
        return new PeriodTotals().merge(this);
    }

    /** How many records added to it: every reconciled record and every exception. */
    public long recordCount() {
        long count = 0;
        for (CurrencyTotals c : currencies.values()) {
            count += c.reconciledCount();
        }
        for (long n : exceptions.values()) {
            count += n;
        }
        return count;
    }

    /** True when no record added to it: such a period has no statement. */
    public boolean isEmpty() {
        return currencies.isEmpty() && exceptions.isEmpty();
    }

    /** By currency code, in code order; read-only. */
    public SortedMap<String, CurrencyTotals> currencies() {
        return Collections.unmodifiableSortedMap(currencies);
    }

    /** The count of each exception type with at least one record, in the enum's order; read-only. */
    public Map<ExceptionType, Long> exceptions() {
        return Collections.unmodifiableMap(exceptions);
    }

    private CurrencyTotals currency(String code) {
        return currencies.computeIfAbsent(code, c -> new CurrencyTotals());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PeriodTotals
                && currencies.equals(((PeriodTotals) o).currencies)
                && exceptions.equals(((PeriodTotals) o).exceptions);
    }

    @Override
    public int hashCode() {
        return 31 * currencies.hashCode() + exceptions.hashCode();
    }

    @Override
    public String toString() {
        return "currencies " + currencies + ", exceptions " + exceptions;
    }
}
