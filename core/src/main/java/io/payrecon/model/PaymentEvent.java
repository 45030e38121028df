package io.payrecon.model;

import java.util.Objects;

/**
 * One well-formed input event. Public fields and a no-arg constructor; the Flink job writes it with
 * its own serializer ({@code io.payrecon.job.state.PaymentEventSerializer}, handed to Flink by the
 * job, not named here: the model knows nothing of Flink), never with Kryo.
 *
 * <p>{@code amount} keeps the producer's decimal text exactly as given ("100.0" stays "100.0"): the
 * reconciled record repeats it, and comparisons parse it as a {@link java.math.BigDecimal}, never
 * as a binary floating-point number.
 */
public class PaymentEvent {
    public String eventId;
    public String orderId;
    public EventType type;
    /** Decimal text for debit/credit; null for lifecycle events. */
    public String amount;
    /** ISO 4217 code for debit/credit; null for lifecycle events. */
    public String currency;
    /** Epoch milliseconds. */
    public long eventTime;
    /** Contract v3: the movement of the order a debit or credit belongs to; null for the default one. */
    public String movementId;
    /** Contract v3: what the movement does; {@code PAYMENT} when the side named none, null for lifecycle events. */
    public Kind kind;
    /** Contract v3: the processor's fee kept from a credit, decimal text as given; null when it had none. */
    public String fee;

    public PaymentEvent() {}

    public PaymentEvent(
            String eventId, String orderId, EventType type, String amount, String currency, long eventTime) {
        this.eventId = eventId;
        this.orderId = orderId;
        this.type = type;
        this.amount = amount;
        this.currency = currency;
        this.eventTime = eventTime;
        this.kind = type != null && type.isMoneyMovement() ? Kind.PAYMENT : null;
    }

    /** A debit or credit of a named movement (contract v3); {@code fee} only on a credit. */
    public PaymentEvent(
            String eventId,
            String orderId,
            EventType type,
            String amount,
            String currency,
            long eventTime,
            String movementId,
            Kind kind,
            String fee) {
        this(eventId, orderId, type, amount, currency, eventTime);
        this.movementId = movementId;
        this.kind = kind;
        this.fee = fee;
    }

    public static PaymentEvent lifecycle(String eventId, String orderId, EventType type, long eventTime) {
        return new PaymentEvent(eventId, orderId, type, null, null, eventTime);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PaymentEvent)) {
            return false;
        }
        PaymentEvent that = (PaymentEvent) o;
        return eventTime == that.eventTime
                && Objects.equals(eventId, that.eventId)
                && Objects.equals(orderId, that.orderId)
                && type == that.type
                && Objects.equals(amount, that.amount)
                && Objects.equals(currency, that.currency)
                && Objects.equals(movementId, that.movementId)
                && kind == that.kind
                && Objects.equals(fee, that.fee);
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventId, orderId, type, amount, currency, eventTime, movementId, kind, fee);
    }

    @Override
    public String toString() {
        String movement = movementId == null && (kind == null || kind == Kind.PAYMENT) && fee == null
                ? ""
                : ", movement " + movementId + " " + kind + (fee == null ? "" : " fee " + fee);
        return type + "(" + eventId + ", " + orderId + ", " + amount + " " + currency + " @" + eventTime + movement
                + ")";
    }
}
