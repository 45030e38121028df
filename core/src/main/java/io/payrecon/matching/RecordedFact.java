package io.payrecon.matching;

import io.payrecon.model.EventType;
import io.payrecon.model.Kind;
import io.payrecon.model.PaymentEvent;
import java.util.Objects;

/**
 * What one recorded event id said (contract v2's rule 1, v3's movement fields): the content a second
 * copy of the id is compared with, and whether the id's conflict was already reported (once per order
 * state and id). Stored per id beside the order ({@link OrderMemory}), never with the order's other
 * state, so that a busy order's ids cost per event what a quiet one's do.
 *
 * <p>{@code type == null}: an id restored from a release before v2, which kept no fact: every copy of
 * it is a replay, as it was then.
 */
public final class RecordedFact {
    public final EventType type;
    public final long eventTime;
    public final String amount;
    public final String currency;
    public final String movementId;
    public final Kind kind;
    public final String fee;
    public final boolean conflictReported;

    public RecordedFact(
            EventType type,
            long eventTime,
            String amount,
            String currency,
            String movementId,
            Kind kind,
            String fee,
            boolean conflictReported) {
        this.type = type;
        this.eventTime = eventTime;
        this.amount = amount;
        this.currency = currency;
        this.movementId = movementId;
        this.kind = kind;
        this.fee = fee;
        this.conflictReported = conflictReported;
    }

    /** An id from before v2: no fact. */
    static final RecordedFact UNKNOWN = new RecordedFact(null, 0, null, null, null, null, null, false);

    public static RecordedFact of(PaymentEvent event) {
        return new RecordedFact(
                event.type,
                event.eventTime,
                event.amount,
                event.currency,
                event.movementId,
                event.kind,
                event.fee,
                false);
    }

    public boolean isKnown() {
        return type != null;
    }

    RecordedFact withConflictReported() {
        return new RecordedFact(type, eventTime, amount, currency, movementId, kind, fee, true);
    }

    /** The recorded version as an event of {@code eventId} and {@code orderId}: for details that name it. */
    public PaymentEvent asEvent(String eventId, String orderId) {
        if (!type.isMoneyMovement()) {
            return PaymentEvent.lifecycle(eventId, orderId, type, eventTime);
        }
        return new PaymentEvent(eventId, orderId, type, amount, currency, eventTime, movementId, kind, fee);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RecordedFact that)) {
            return false;
        }
        return eventTime == that.eventTime
                && conflictReported == that.conflictReported
                && type == that.type
                && kind == that.kind
                && Objects.equals(amount, that.amount)
                && Objects.equals(currency, that.currency)
                && Objects.equals(movementId, that.movementId)
                && Objects.equals(fee, that.fee);
    }

    @Override
    public int hashCode() {
        return Objects.hash(type, eventTime, amount, currency, movementId, kind, fee, conflictReported);
    }

    @Override
    public String toString() {
        return (type == null
                        ? "unknown"
                        : type + " " + amount + " " + currency + " " + movementId + " " + kind + " " + fee + " @"
                                + eventTime)
                + (conflictReported ? " (conflict reported)" : "");
    }
}
