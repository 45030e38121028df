package io.payrecon.codec;

import io.payrecon.model.PaymentEvent;

/**
 * A decoded input value: the event, or why the value is malformed (and its order id if readable).
 *
 * @param event the event; null when the value is malformed
 * @param error one sentence saying what rule the value breaks; null for an event
 * @param orderId the order id when it could be read, else null
 */
public record DecodeResult(PaymentEvent event, String error, String orderId) {
    static DecodeResult ok(PaymentEvent event) {
        return new DecodeResult(event, null, event.orderId);
    }

    static DecodeResult malformed(String error, String orderId) {
        return new DecodeResult(null, error, orderId);
    }

    public boolean isEvent() {
        return event != null;
    }
}
