package io.payrecon.matching;

import static io.payrecon.model.EventType.ORDER_CANCELLED;
import static io.payrecon.model.EventType.ORDER_CONFIRMED;
import static io.payrecon.model.EventType.ORDER_PAYMENT_SUCCESS;
import static io.payrecon.model.EventType.ORDER_SHIPPED;

import io.payrecon.model.EventType;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The order lifecycle of rule 6 as a table of allowed transitions, read the way the contract writes
 * it: each status lists the lifecycle events that may follow it, and the new status is the event's
 * type. Whatever a status does not list (a repeat, a skipped step, anything after shipped or
 * cancelled) is an invalid transition: the rules raise an alert and the status stays.
 */
public final class Lifecycle {
    /** Before any lifecycle event, only a confirmation. */
    private static final Set<EventType> FROM_NONE = EnumSet.of(ORDER_CONFIRMED);

    private static final Map<EventType, Set<EventType>> FROM_STATUS = new EnumMap<>(EventType.class);

    static {
        FROM_STATUS.put(ORDER_CONFIRMED, EnumSet.of(ORDER_PAYMENT_SUCCESS, ORDER_CANCELLED));
        FROM_STATUS.put(ORDER_PAYMENT_SUCCESS, EnumSet.of(ORDER_SHIPPED, ORDER_CANCELLED));
        FROM_STATUS.put(ORDER_SHIPPED, EnumSet.noneOf(EventType.class)); // final
        FROM_STATUS.put(ORDER_CANCELLED, EnumSet.noneOf(EventType.class)); // final
    }

    private Lifecycle() {}

    /**
     * @param current the order's status, or null when it has none yet
     * @param next a lifecycle event type (never a debit or credit)
     */
    public static boolean allows(EventType current, EventType next) {
        if (next.isMoneyMovement()) {
            throw new IllegalArgumentException(next + " is not a lifecycle event");
        }
        Set<EventType> allowed = current == null ? FROM_NONE : FROM_STATUS.getOrDefault(current, Set.of());
        return allowed.contains(next);
    }
}
