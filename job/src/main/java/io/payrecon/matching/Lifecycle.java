package io.payrecon.matching;

import io.payrecon.model.EventType;

/**
 * The order lifecycle of rule 6 as a small state machine: none -> order_confirmed ->
 * order_payment_success -> order_shipped, and order_cancelled from order_confirmed or
 * order_payment_success. Everything else (a repeat, a skipped step, anything after shipped or
 * cancelled) is an invalid transition.
 */
public final class Lifecycle {
    private Lifecycle() {}

    /** @param current the order's status, or null when it has none yet */
    public static boolean allows(EventType current, EventType next) {
        switch (next) {
            case ORDER_CONFIRMED:
                return current == null;
            case ORDER_PAYMENT_SUCCESS:
                return current == EventType.ORDER_CONFIRMED;
            case ORDER_SHIPPED:
                return current == EventType.ORDER_PAYMENT_SUCCESS;
            case ORDER_CANCELLED:
                return current == EventType.ORDER_CONFIRMED || current == EventType.ORDER_PAYMENT_SUCCESS;
            default:
                throw new IllegalArgumentException(next + " is not a lifecycle event");
        }
    }
}
