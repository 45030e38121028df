package io.payrecon.matching;

import io.payrecon.model.CodePoints;
import io.payrecon.model.PaymentEvent;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;

/**
 * The order's sequence (contract rules 2 and 10; v2 for copies of one id): the one order in which the
 * rules apply an order's events, and in which anything that holds events for them (the pending list
 * in {@link OrderState}, the Flink shell's heap buffer) keeps them.
 */
public final class Sequence {
    private Sequence() {}

    /**
     * The order of copies of one id at one time. Contract v2: type name, amount as a decimal (none
     * first), amount text, currency; v3 then: movement id (absent first), kind, fee as a decimal
     * (absent is 0), fee text (absent first). Arrival order decides only between identical copies.
     */
    static final Comparator<PaymentEvent> CONTENT_ORDER = Comparator.<PaymentEvent, String>comparing(
                    e -> e.type.wireName())
            .thenComparing(
                    e -> e.amount == null ? null : new BigDecimal(e.amount),
                    Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(e -> e.amount, CodePoints.ORDER)
            .thenComparing(e -> e.currency, CodePoints.ORDER)
            .thenComparing(e -> e.movementId, CodePoints.ORDER)
            .thenComparing(e -> e.kind == null ? null : e.kind.wireName(), CodePoints.ORDER)
            .thenComparing(e -> e.fee == null ? BigDecimal.ZERO : new BigDecimal(e.fee))
            .thenComparing(e -> e.fee, CodePoints.ORDER);

    /**
     * Event time, then event id in code point order (contract v3's plain string order), then copies of
     * one id by content; arrival only among identical copies.
     */
    public static final Comparator<PaymentEvent> ORDER = Comparator.<PaymentEvent>comparingLong(e -> e.eventTime)
            .thenComparing(e -> e.eventId, CodePoints.ORDER)
            .thenComparing(CONTENT_ORDER);

    /**
     * Inserts {@code event} into {@code events} (sorted by {@link #ORDER}) after every element that
     * sorts equal, so that identical copies keep their arrival order.
     */
    public static void insert(List<PaymentEvent> events, PaymentEvent event) {
        int low = 0;
        int high = events.size();
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ORDER.compare(events.get(mid), event) <= 0) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        events.add(low, event);
    }
}
