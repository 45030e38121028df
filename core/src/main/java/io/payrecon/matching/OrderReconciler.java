package io.payrecon.matching;

import io.payrecon.model.DurationText;
import io.payrecon.model.EventType;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;

/**
 * The contract's matching rules for one order, in plain Java.
 *
 * <p>The rules are defined on the order's sequence in event time (sorted by event time, then event
 * id, then arrival). Events therefore wait in {@link OrderState#pending} until event time passes
 * them ({@link #advanceTo}), and are then applied in that order, interleaved with the order's
 * deadline and retention points; at an equal time, events come first. An event that arrives behind
 * event time is applied at once ({@link #applyLate}), after everything already applied (rule 10).
 *
 * <p>Nothing here reads a clock or a watermark: the caller says how far event time has come.
 */
public final class OrderReconciler implements Serializable {
    private static final long serialVersionUID = 1L;

    /** {@link #nextOutputPoint} or {@link #retentionPoint} when there is none. */
    public static final long NO_WAKE_UP = Long.MIN_VALUE;

    private final MatchingRules rules;
    private final String windowText;

    public OrderReconciler(MatchingRules rules) {
        this.rules = rules;
        this.windowText = DurationText.of(rules.matchWindowMillis());
    }

    /** Buffers an event that event time has not reached yet; it is applied by {@link #advanceTo}. */
    public void accept(OrderState state, PaymentEvent event) {
        Sequence.insert(state.pending, event);
    }

    /** Rule 10: an event behind event time is applied on arrival, after everything already applied. */
    public void applyLate(OrderState state, PaymentEvent event, ReconciliationOutput out) {
        apply(state, event, out);
    }

    /**
     * Event time has reached {@code time}: applies every pending event at or before it, raises the
     * unmatched alerts whose deadline it passed, and drops what retention says to forget, all in
     * sequence order.
     */
    public void advanceTo(OrderState state, long time, ReconciliationOutput out) {
        while (true) {
            List<PaymentEvent> pending = state.pending;
            boolean eventDue = !pending.isEmpty() && pending.get(0).eventTime <= time;
            long nextEventTime = eventDue ? pending.get(0).eventTime : Long.MAX_VALUE;
            PaymentEvent waiting = state.unmatchedRaised ? null : state.waitingSide();
            if (waiting != null) {
                long deadline = deadlineOf(waiting);
                if (deadline <= time && (!eventDue || deadline < nextEventTime)) {
                    raiseUnmatched(state, waiting, out);
                    continue;
                }
            }
            if (state.hasRecorded()) {
                long forgetAt = retentionPointOf(state);
                if (forgetAt <= time && (!eventDue || forgetAt < nextEventTime)) {
                    if (state.waitingSide() != null) {
                        out.waitingSideForgotten(state.unmatchedRaised);
                        out.pairClosed();
                    }
                    state.forgetRecorded();
                    continue;
                }
            }
            if (!eventDue) {
                return;
            }
            apply(state, pending.remove(0), out);
        }
    }

    /**
     * The next point that can produce output: the first pending event or the waiting side's deadline,
     * or {@link #NO_WAKE_UP}. An adapter must reach it on time; the retention point alone produces no
     * output, so an adapter may reach that one late (forgetting later changes no record).
     */
    public long nextOutputPoint(OrderState state) {
        long next = Long.MAX_VALUE;
        boolean any = false;
        if (!state.pending.isEmpty()) {
            next = state.pending.get(0).eventTime;
            any = true;
        }
        PaymentEvent waiting = state.unmatchedRaised ? null : state.waitingSide();
        if (waiting != null) {
            next = Math.min(next, deadlineOf(waiting));
            any = true;
        }
        return any ? next : NO_WAKE_UP;
    }

    /** When retention forgets the order's recorded events (rule 7), or {@link #NO_WAKE_UP} when it has none. */
    public long retentionPoint(OrderState state) {
        return state.hasRecorded() ? retentionPointOf(state) : NO_WAKE_UP;
    }

    /** True when the order holds nothing: its state can be cleared. */
    public boolean isEmpty(OrderState state) {
        return state.pending.isEmpty() && !state.hasRecorded();
    }

    private void apply(OrderState state, PaymentEvent event, ReconciliationOutput out) {
        int recordedAt = state.seenEventIds.indexOf(event.eventId);
        if (recordedAt >= 0) {
            // Neither a replay nor a conflict moves retention or takes part in the rules.
            PaymentEvent recorded = RecordedFacts.conflictWith(state, recordedAt, event);
            if (recorded == null) {
                out.duplicateDropped(event);
            } else {
                out.eventIdConflict(event);
                out.exception(ExceptionRecord.eventIdConflict(recorded, event));
            }
            return;
        }
        RecordedFacts.record(state, event, becomesPairSide(state, event));
        state.lastEventTime = Math.max(state.lastEventTime, event.eventTime);
        if (event.type.isMoneyMovement()) {
            applySide(state, event, out);
        } else {
            applyLifecycle(state, event, out);
        }
    }

    /** The first debit or first credit is kept whole in the state: its fact need not be kept twice. */
    private static boolean becomesPairSide(OrderState state, PaymentEvent event) {
        if (event.type == EventType.DEBIT) {
            return state.debit == null;
        }
        return event.type == EventType.CREDIT && state.credit == null;
    }

    private void applySide(OrderState state, PaymentEvent event, ReconciliationOutput out) {
        boolean isDebit = event.type == EventType.DEBIT;
        PaymentEvent existing = isDebit ? state.debit : state.credit;
        if (existing != null) {
            out.exception(ExceptionRecord.duplicateSide(existing, event));
            return;
        }
        PaymentEvent first = isDebit ? state.credit : state.debit;
        if (isDebit) {
            state.debit = event;
        } else {
            state.credit = event;
        }
        if (first == null) {
            out.pairOpened();
            return;
        }
        // The pair is complete. A counterpart after the deadline always gives OPEN, then RESOLVED,
        // even when it was applied before the deadline's timer could fire (a late arrival).
        boolean late = state.unmatchedRaised || event.eventTime > deadlineOf(first);
        if (late && !state.unmatchedRaised) {
            raiseUnmatched(state, first, out);
        }
        PaymentEvent debit = state.debit;
        PaymentEvent credit = state.credit;
        if (!debit.currency.equals(credit.currency)) {
            out.exception(ExceptionRecord.currencyMismatch(first, event));
        } else {
            // The same text is the same decimal: most pairs skip parsing two BigDecimals.
            BigDecimal difference = debit.amount.equals(credit.amount)
                    ? BigDecimal.ZERO
                    : new BigDecimal(debit.amount)
                            .subtract(new BigDecimal(credit.amount))
                            .abs();
            if (difference.compareTo(rules.amountTolerance()) > 0) {
                out.exception(ExceptionRecord.amountMismatch(first, event, difference, rules.amountTolerance()));
            } else {
                out.reconciled(new ReconciledRecord(debit, credit, state.status, late));
            }
        }
        if (late) {
            out.exception(ExceptionRecord.resolved(first, event, deadlineOf(first), windowText));
        }
        out.pairClosed();
    }

    private void applyLifecycle(OrderState state, PaymentEvent event, ReconciliationOutput out) {
        if (Lifecycle.allows(state.status, event.type)) {
            state.status = event.type;
            return;
        }
        out.exception(ExceptionRecord.invalidTransition(state.status, event));
    }

    private void raiseUnmatched(OrderState state, PaymentEvent waiting, ReconciliationOutput out) {
        state.unmatchedRaised = true;
        out.exception(ExceptionRecord.unmatched(waiting, deadlineOf(waiting), windowText));
    }

    private long deadlineOf(PaymentEvent firstSide) {
        return saturatedAdd(firstSide.eventTime, rules.matchWindowMillis());
    }

    private long retentionPointOf(OrderState state) {
        return saturatedAdd(state.lastEventTime, rules.retentionMillis());
    }

    private static long saturatedAdd(long time, long duration) {
        long sum = time + duration;
        return sum < time ? Long.MAX_VALUE : sum;
    }
}
