package io.payrecon.matching;

import io.payrecon.model.DurationText;
import io.payrecon.model.EventType;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.Kind;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.List;

/**
 * The contract's matching rules for one order, in plain Java.
 *
 * <p>The rules are defined on the order's sequence in event time ({@link Sequence}). Events therefore
 * wait in {@link OrderState#pending} until event time passes them ({@link #advanceTo}), and are then
 * applied in that order, interleaved with the order's deadlines and retention points; at an equal
 * time, events come first. An event that arrives behind event time is applied at once ({@link
 * #applyLate}), after everything already applied (rule 10).
 *
 * <p>Contract v3: debits and credits pair per movement (rule 11), each movement with its own deadline;
 * the order's reconciled money is kept per currency and an order that returns more than it took is
 * flagged (rule 12); an order records at most {@code maxEventsPerOrder} ids (rule 13).
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
        RecordedFacts.upgrade(state);
        Sequence.insert(state.pending, event);
    }

    /** Rule 10: an event behind event time is applied on arrival, after everything already applied. */
    public void applyLate(OrderState state, PaymentEvent event, ReconciliationOutput out) {
        RecordedFacts.upgrade(state);
        apply(state, event, out);
    }

    /**
     * Event time has reached {@code time}: applies every pending event at or before it, raises the
     * unmatched alerts whose deadline it passed, and drops what retention says to forget, all in
     * sequence order.
     */
    public void advanceTo(OrderState state, long time, ReconciliationOutput out) {
        RecordedFacts.upgrade(state);
        while (true) {
            List<PaymentEvent> pending = state.pending;
            boolean eventDue = !pending.isEmpty() && pending.get(0).eventTime <= time;
            long nextEventTime = eventDue ? pending.get(0).eventTime : Long.MAX_VALUE;
            OpenMovement due = earliestUnflagged(state);
            if (due != null) {
                long deadline = deadlineOf(due.side);
                if (deadline <= time && (!eventDue || deadline < nextEventTime)) {
                    raiseUnmatched(due, out);
                    continue;
                }
            }
            if (state.hasRecorded()) {
                long forgetAt = retentionPointOf(state);
                if (forgetAt <= time && (!eventDue || forgetAt < nextEventTime)) {
                    for (OpenMovement open : state.openMovements) {
                        out.waitingSideForgotten(open.unmatchedRaised);
                        out.pairClosed();
                    }
                    state.forgetRecorded();
                    continue;
                }
            }
            if (state.hasMoney()) {
                long forgetAt = moneyRetentionPointOf(state);
                if (forgetAt <= time && (!eventDue || forgetAt < nextEventTime)) {
                    // Rule 12: the sums go without a word, even with an OVER_REFUND open.
                    state.money.clear();
                    state.lastMatchedTime = Long.MIN_VALUE;
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
     * The next point that can produce output: the first pending event or the earliest deadline of a
     * waiting side, or {@link #NO_WAKE_UP}. An adapter must reach it on time; the retention points
     * produce no output, so an adapter may reach those late (forgetting later changes no record).
     */
    public long nextOutputPoint(OrderState state) {
        RecordedFacts.upgrade(state);
        long next = Long.MAX_VALUE;
        boolean any = false;
        if (!state.pending.isEmpty()) {
            next = state.pending.get(0).eventTime;
            any = true;
        }
        OpenMovement due = earliestUnflagged(state);
        if (due != null) {
            next = Math.min(next, deadlineOf(due.side));
            any = true;
        }
        return any ? next : NO_WAKE_UP;
    }

    /**
     * When retention next forgets something of the order: its recorded events (rule 7) or its money
     * (rule 12), whichever comes first; {@link #NO_WAKE_UP} when it keeps neither.
     */
    public long retentionPoint(OrderState state) {
        RecordedFacts.upgrade(state);
        long point = NO_WAKE_UP;
        if (state.hasRecorded()) {
            point = retentionPointOf(state);
        }
        if (state.hasMoney()) {
            long money = moneyRetentionPointOf(state);
            point = point == NO_WAKE_UP ? money : Math.min(point, money);
        }
        return point;
    }

    /** True when the order holds nothing: its state can be cleared. */
    public boolean isEmpty(OrderState state) {
        RecordedFacts.upgrade(state);
        return state.pending.isEmpty() && !state.hasRecorded() && !state.hasMoney();
    }

    private void apply(OrderState state, PaymentEvent event, ReconciliationOutput out) {
        OrderMemory memory = state.memory();
        RecordedFact recorded = memory.fact(event.eventId);
        if (recorded != null) {
            // Neither a replay nor a conflict moves retention or takes part in the rules.
            PaymentEvent conflicting = RecordedFacts.conflictWith(memory, recorded, event);
            if (conflicting == null) {
                out.duplicateDropped(event);
            } else {
                out.eventIdConflict(event);
                out.exception(ExceptionRecord.eventIdConflict(conflicting, event));
            }
            return;
        }
        if (state.recordedCount >= rules.maxEventsPerOrder()) {
            // Rule 13: not recorded, part of no rule, and retention does not move for it.
            out.eventOverflowed(event);
            if (!state.overflowReported) {
                state.overflowReported = true;
                out.exception(ExceptionRecord.orderOverflow(event, rules.maxEventsPerOrder()));
            }
            return;
        }
        memory.record(event.eventId, RecordedFact.of(event));
        state.recordedCount++;
        state.lastEventTime = Math.max(state.lastEventTime, event.eventTime);
        if (event.type.isMoneyMovement()) {
            applySide(state, event, out);
        } else {
            applyLifecycle(state, event, out);
        }
    }

    /** Rule 11: the side joins its movement: opens it, completes its pair, or duplicates a side it has. */
    private void applySide(OrderState state, PaymentEvent event, ReconciliationOutput out) {
        String key = event.movementId == null ? OrderMemory.DEFAULT_MOVEMENT : event.movementId;
        OpenMovement open = state.openMovement(event.movementId);
        if (open == null) {
            ClosedMovement closed = state.memory().closed(key);
            if (closed != null) {
                String existingId = event.type == EventType.DEBIT ? closed.debitEventId : closed.creditEventId;
                RecordedFact existing = state.memory().fact(existingId);
                out.exception(ExceptionRecord.duplicateSide(existingSide(existing, existingId, event), event));
                return;
            }
            state.openMovements.add(new OpenMovement(event));
            out.pairOpened();
            return;
        }
        PaymentEvent first = open.side;
        if (first.type == event.type) {
            out.exception(ExceptionRecord.duplicateSide(first, event));
            return;
        }
        state.openMovements.remove(open);
        PaymentEvent debit = event.type == EventType.DEBIT ? event : first;
        PaymentEvent credit = event.type == EventType.DEBIT ? first : event;
        state.memory().close(key, new ClosedMovement(debit.eventId, credit.eventId));
        // A counterpart after the deadline always gives OPEN, then RESOLVED, even when it was applied
        // before the deadline's timer could fire (a late arrival).
        boolean late = open.unmatchedRaised || event.eventTime > deadlineOf(first);
        if (late && !open.unmatchedRaised) {
            raiseUnmatched(open, out);
        }
        if (kindOf(debit) != kindOf(credit)) {
            out.exception(ExceptionRecord.kindMismatch(first, event));
        } else if (!debit.currency.equals(credit.currency)) {
            out.exception(ExceptionRecord.currencyMismatch(first, event));
        } else {
            BigDecimal difference = difference(debit, credit);
            if (difference.compareTo(rules.amountTolerance()) > 0) {
                out.exception(ExceptionRecord.amountMismatch(first, event, difference, rules.amountTolerance()));
            } else {
                ReconciledRecord record = new ReconciledRecord(debit, credit, state.status, late);
                out.reconciled(record);
                countMoney(state, record, out);
            }
        }
        if (late) {
            out.exception(ExceptionRecord.resolved(first, event, deadlineOf(first), windowText));
        }
        out.pairClosed();
    }

    /** |debit - (credit + fee)|; the same text with no fee is the same decimal: most pairs skip parsing. */
    private static BigDecimal difference(PaymentEvent debit, PaymentEvent credit) {
        if (credit.fee == null && debit.amount.equals(credit.amount)) {
            return BigDecimal.ZERO;
        }
        BigDecimal credited = new BigDecimal(credit.amount);
        if (credit.fee != null) {
            credited = credited.add(new BigDecimal(credit.fee));
        }
        return new BigDecimal(debit.amount).subtract(credited).abs();
    }

    /**
     * Rule 12: a reconciled movement adds to what the order took or returned in its currency; a
     * reversal that leaves the order over sends OVER_REFUND OPEN with the excess, a payment that ends
     * it sends RESOLVED.
     */
    private static void countMoney(OrderState state, ReconciledRecord record, ReconciliationOutput out) {
        CurrencyLedger ledger = state.ledger(record.currency);
        BigDecimal amount = new BigDecimal(record.amount);
        state.lastMatchedTime = Math.max(state.lastMatchedTime, record.matchedTime);
        if (record.kind.returnsMoney()) {
            ledger.returned = ledger.returned.add(amount);
            if (ledger.returned.compareTo(ledger.taken) > 0) {
                BigDecimal excess = ledger.returned.subtract(ledger.taken);
                ledger.openExcess = excess.toPlainString();
                out.exception(ExceptionRecord.overRefund(record, excess, ledger.returned, ledger.taken));
            }
        } else {
            ledger.taken = ledger.taken.add(amount);
            if (ledger.isOver() && ledger.returned.compareTo(ledger.taken) <= 0) {
                out.exception(
                        ExceptionRecord.overRefundResolved(record, ledger.openExcess, ledger.returned, ledger.taken));
                ledger.openExcess = null;
            }
        }
    }

    /** The side a closed movement already has, from its recorded fact (the duplicate's detail names it). */
    private static PaymentEvent existingSide(RecordedFact fact, String eventId, PaymentEvent duplicate) {
        if (fact == null || !fact.isKnown()) {
            return new PaymentEvent(eventId, duplicate.orderId, duplicate.type, null, null, duplicate.eventTime);
        }
        return fact.asEvent(eventId, duplicate.orderId);
    }

    private void applyLifecycle(OrderState state, PaymentEvent event, ReconciliationOutput out) {
        if (Lifecycle.allows(state.status, event.type)) {
            state.status = event.type;
            return;
        }
        out.exception(ExceptionRecord.invalidTransition(state.status, event));
    }

    private void raiseUnmatched(OpenMovement open, ReconciliationOutput out) {
        open.unmatchedRaised = true;
        out.exception(ExceptionRecord.unmatched(open.side, deadlineOf(open.side), windowText));
    }

    /** The waiting side whose deadline comes first (ties in sequence order), unflagged; or null. */
    private OpenMovement earliestUnflagged(OrderState state) {
        OpenMovement earliest = null;
        for (OpenMovement open : state.openMovements) {
            if (open.unmatchedRaised) {
                continue;
            }
            if (earliest == null) {
                earliest = open;
                continue;
            }
            int byDeadline = Long.compare(deadlineOf(open.side), deadlineOf(earliest.side));
            if (byDeadline < 0 || (byDeadline == 0 && Sequence.ORDER.compare(open.side, earliest.side) < 0)) {
                earliest = open;
            }
        }
        return earliest;
    }

    private static Kind kindOf(PaymentEvent side) {
        return side.kind == null ? Kind.PAYMENT : side.kind;
    }

    private long deadlineOf(PaymentEvent firstSide) {
        return saturatedAdd(firstSide.eventTime, rules.matchWindowMillis());
    }

    private long retentionPointOf(OrderState state) {
        return saturatedAdd(state.lastEventTime, rules.retentionMillis());
    }

    private long moneyRetentionPointOf(OrderState state) {
        return saturatedAdd(state.lastMatchedTime, rules.moneyRetentionMillis());
    }

    private static long saturatedAdd(long time, long duration) {
        long sum = time + duration;
        return sum < time ? Long.MAX_VALUE : sum;
    }
}
