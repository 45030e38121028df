package io.payrecon.codec;

import io.payrecon.model.PaymentEvent;

/** A decoded input value: the event, or why the value is malformed (and its order id if readable). */
public final class DecodeResult {
    private final PaymentEvent event;
    private final String error;
    private final String orderId;

    private DecodeResult(PaymentEvent event, String error, String orderId) {
        this.event = event;
        this.error = error;
        this.orderId = orderId;
    }

    static DecodeResult ok(PaymentEvent event) {
        return new DecodeResult(event, null, event.orderId);
    }

    static DecodeResult malformed(String error, String orderId) {
        return new DecodeResult(null, error, orderId);
    }

    public boolean isEvent() {
        return event != null;
    }

    public PaymentEvent event() {
        return event;
    }

    /** One sentence saying what rule the value breaks; null for an event. */
    public String error() {
        return error;
    }

    /** The order id when it could be read, else null. */
    public String orderId() {
        return orderId;
    }
}
