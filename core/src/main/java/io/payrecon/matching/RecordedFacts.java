package io.payrecon.matching;

import io.payrecon.model.EventType;
import io.payrecon.model.EventTypeCodes;
import io.payrecon.model.PaymentEvent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * What each recorded event id said (contract v2, rule 1), kept in {@link OrderState#seenFacts} beside
 * {@link OrderState#seenEventIds}, one short string per id, so that a second copy of an id can be told
 * apart as a replay (same fact) or a conflict (another fact).
 *
 * <p>A fact is the content the contract compares: type, event time, and for a debit or credit its
 * amount and currency. Kept as text rather than a hash so that the conflict's detail can name the
 * recorded version: {@code "o1732183200000"} (a lifecycle type code and the time), {@code
 * "d1732183200000 150000.00 IDR"} for a duplicate side. The pair's own debit and credit are kept whole
 * in the state already, so their fact is just {@link #PAIR_SIDE}. A leading {@code !} says that the
 * id's conflict was reported (once per order state and id). An empty fact says nothing: ids restored
 * from a release before v2 have none, and every copy of them is a replay, as it was then.
 */
final class RecordedFacts {
    static final String PAIR_SIDE = "=";
    private static final char CONFLICT_REPORTED = '!';

    private RecordedFacts() {}

    /** Records {@code event}'s id and what it said; {@code pairSide} when the state keeps it whole. */
    static void record(OrderState state, PaymentEvent event, boolean pairSide) {
        padToIds(state);
        state.seenEventIds.add(event.eventId);
        state.seenFacts.add(pairSide ? PAIR_SIDE : of(event));
    }

    /** The fact a new event will be recorded with, as text. */
    static String of(PaymentEvent event) {
        String head = EventTypeCodes.letter(event.type) + Long.toString(event.eventTime);
        return event.type.isMoneyMovement() ? head + " " + event.amount + " " + event.currency : head;
    }

    /**
     * Compares a copy of an already recorded id with its recorded fact; on a first conflict marks the
     * id so that later copies are dropped.
     *
     * @return the recorded version when {@code copy} conflicts with it (its id is the copy's), else null
     */
    static PaymentEvent conflictWith(OrderState state, int index, PaymentEvent copy) {
        List<String> facts = state.seenFacts;
        String fact = facts != null && index < facts.size() ? facts.get(index) : null;
        if (fact == null || fact.isEmpty() || fact.charAt(0) == CONFLICT_REPORTED) {
            return null;
        }
        PaymentEvent recorded = fact.equals(PAIR_SIDE) ? pairSide(state, copy.eventId) : decode(fact, copy);
        if (recorded == null || sameContent(recorded, copy)) {
            return null;
        }
        state.seenFacts.set(index, CONFLICT_REPORTED + fact);
        return recorded;
    }

    /** The contract's "same content": type, time, amount as a decimal, currency. */
    static boolean sameContent(PaymentEvent a, PaymentEvent b) {
        if (a.type != b.type || a.eventTime != b.eventTime) {
            return false;
        }
        if (!a.type.isMoneyMovement()) {
            return true;
        }
        return a.currency.equals(b.currency)
                && (a.amount.equals(b.amount) || new BigDecimal(a.amount).compareTo(new BigDecimal(b.amount)) == 0);
    }

    /** Ids recorded before v2 have no fact: keep the lists aligned before adding. */
    private static void padToIds(OrderState state) {
        if (state.seenFacts == null) {
            state.seenFacts = new ArrayList<>();
        }
        List<String> facts = state.seenFacts;
        while (facts.size() < state.seenEventIds.size()) {
            facts.add("");
        }
    }

    private static PaymentEvent pairSide(OrderState state, String eventId) {
        if (state.debit != null && state.debit.eventId.equals(eventId)) {
            return state.debit;
        }
        if (state.credit != null && state.credit.eventId.equals(eventId)) {
            return state.credit;
        }
        return null;
    }

    private static PaymentEvent decode(String fact, PaymentEvent copy) {
        EventType type = EventTypeCodes.ofLetter(fact.charAt(0));
        int space = fact.indexOf(' ');
        if (space < 0) {
            return PaymentEvent.lifecycle(copy.eventId, copy.orderId, type, Long.parseLong(fact.substring(1)));
        }
        int second = fact.indexOf(' ', space + 1);
        return new PaymentEvent(
                copy.eventId,
                copy.orderId,
                type,
                fact.substring(space + 1, second),
                fact.substring(second + 1),
                Long.parseLong(fact.substring(1, space)));
    }
}
