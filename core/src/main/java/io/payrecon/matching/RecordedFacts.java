package io.payrecon.matching;

import io.payrecon.model.EventType;
import io.payrecon.model.EventTypeCodes;
import io.payrecon.model.Kind;
import io.payrecon.model.PaymentEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Rule 1 (contract v2, v3): a copy of a recorded id is a replay when it says what the recorded one
 * said, a conflict otherwise, reported once per order state and id. And the upgrade of an order kept
 * by a release before 3.0, whose ids and facts were lists in its state.
 */
final class RecordedFacts {
    /** Release 2.0's fact text of a pair side kept whole in the state. */
    private static final String PAIR_SIDE = "=";
    /** Release 2.0's mark of an id whose conflict was reported. */
    private static final char CONFLICT_REPORTED = '!';

    private RecordedFacts() {}

    /**
     * Compares a copy of a recorded id with what was recorded; on a first conflict marks the id, so
     * that later copies are dropped.
     *
     * @return the recorded version when {@code copy} conflicts with it, else null (a replay)
     */
    static PaymentEvent conflictWith(OrderMemory memory, RecordedFact recorded, PaymentEvent copy) {
        if (!recorded.isKnown() || recorded.conflictReported || sameContent(recorded, copy)) {
            return null;
        }
        memory.record(copy.eventId, recorded.withConflictReported());
        return recorded.asEvent(copy.eventId, copy.orderId);
    }

    /**
     * The contract's "same content": type, time, amount as a decimal, currency; v3: movement id, kind
     * (after its default) and fee as a decimal (absent is 0).
     */
    static boolean sameContent(RecordedFact a, PaymentEvent b) {
        if (a.type != b.type || a.eventTime != b.eventTime) {
            return false;
        }
        if (!a.type.isMoneyMovement()) {
            return true;
        }
        return a.currency.equals(b.currency)
                && sameDecimal(a.amount, b.amount)
                && Objects.equals(a.movementId, b.movementId)
                && kindOf(a.kind) == kindOf(b.kind)
                && sameDecimal(a.fee == null ? "0" : a.fee, b.fee == null ? "0" : b.fee);
    }

    private static boolean sameDecimal(String a, String b) {
        return a.equals(b) || new BigDecimal(a).compareTo(new BigDecimal(b)) == 0;
    }

    private static Kind kindOf(Kind kind) {
        return kind == null ? Kind.PAYMENT : kind;
    }

    /**
     * Moves an order kept by a release before 3.0 into today's layout: its ids and their facts into
     * {@link OrderMemory}, its first debit and credit into its default movement (closed when both
     * came, open when one waits). Does nothing to an order kept by 3.0.
     */
    static void upgrade(OrderState state) {
        List<String> ids = state.seenEventIds;
        if ((ids == null || ids.isEmpty()) && state.debit == null && state.credit == null) {
            return;
        }
        OrderMemory memory = state.memory();
        List<String> facts = state.seenFacts == null ? List.of() : state.seenFacts;
        if (ids != null) {
            for (int i = 0; i < ids.size(); i++) {
                String text = i < facts.size() ? facts.get(i) : "";
                memory.record(ids.get(i), decode(text, ids.get(i), state));
            }
            state.recordedCount += ids.size();
        }
        if (state.debit != null && state.credit != null) {
            memory.close(OrderMemory.DEFAULT_MOVEMENT, new ClosedMovement(state.debit.eventId, state.credit.eventId));
        } else {
            PaymentEvent waiting = state.debit != null ? state.debit : state.credit;
            if (waiting != null) {
                OpenMovement open = new OpenMovement(waiting);
                open.unmatchedRaised = state.unmatchedRaised;
                state.openMovements.add(0, open);
            }
        }
        state.seenEventIds = new ArrayList<>();
        state.seenFacts = new ArrayList<>();
        state.debit = null;
        state.credit = null;
        state.unmatchedRaised = false;
    }

    /**
     * Release 2.0's fact text: {@code "o1732183200000"} (a type letter and the time), {@code
     * "d1732183200000 150000.00 IDR"} for a side, {@code "="} for the pair's own sides (kept whole in the
     * state), a leading {@code "!"} when the id's conflict was reported, empty for an id from 1.x.
     */
    private static RecordedFact decode(String text, String eventId, OrderState state) {
        boolean reported = !text.isEmpty() && text.charAt(0) == CONFLICT_REPORTED;
        String fact = reported ? text.substring(1) : text;
        RecordedFact recorded;
        if (fact.isEmpty()) {
            return RecordedFact.UNKNOWN;
        } else if (fact.equals(PAIR_SIDE)) {
            PaymentEvent side = state.debit != null && state.debit.eventId.equals(eventId) ? state.debit : state.credit;
            if (side == null || !side.eventId.equals(eventId)) {
                return RecordedFact.UNKNOWN;
            }
            recorded = RecordedFact.of(side);
        } else {
            EventType type = EventTypeCodes.ofLetter(fact.charAt(0));
            int space = fact.indexOf(' ');
            if (space < 0) {
                recorded =
                        new RecordedFact(type, Long.parseLong(fact.substring(1)), null, null, null, null, null, false);
            } else {
                int second = fact.indexOf(' ', space + 1);
                recorded = new RecordedFact(
                        type,
                        Long.parseLong(fact.substring(1, space)),
                        fact.substring(space + 1, second),
                        fact.substring(second + 1),
                        null,
                        Kind.PAYMENT,
                        null,
                        false);
            }
        }
        return reported ? recorded.withConflictReported() : recorded;
    }
}
