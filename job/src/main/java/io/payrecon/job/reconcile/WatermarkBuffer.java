package io.payrecon.job.reconcile;

import io.payrecon.matching.Sequence;
import io.payrecon.model.PaymentEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Events that arrived ahead of the watermark, held on the heap of one {@link ReconcileOperator}
 * subtask until event time passes them: per order in the rules' {@link Sequence} order (as {@code
 * OrderReconciler} keeps its pending list), with an index by each order's earliest
 * event, so that a watermark finds the orders it makes due without looking at the others.
 *
 * <p>Why on the heap: in keyed state every arrival cost a read and a write of the whole order (on
 * RocksDB, serialized both ways). Here an arrival costs a list insertion, and the order's state is
 * read and written once when the watermark passes its events, however many arrived in between.
 * Nothing here is checkpointed: the operator moves every event into keyed state before each barrier.
 *
 * <p>Bounded by the operator ({@code --max-buffered-events}): at a few hundred bytes of heap per
 * event, 100,000 is tens of megabytes per slot; a live stream holds about out-of-orderness x rate /
 * parallelism (2 s at 50,000 events/s over 2 subtasks: 50,000).
 *
 * <p>The index is lazy: an order gets a new index entry whenever its earliest event gets earlier or
 * what remains after a watermark has a new earliest; entries that no longer match their order's
 * earliest event are skipped when they come up.
 */
final class WatermarkBuffer {
    /** What the operator does with the due events of one order. */
    @FunctionalInterface
    interface DueEvents {
        void accept(String orderId, List<PaymentEvent> events) throws Exception;
    }

    private static final class Order {
        final String orderId;
        /** Sorted in {@link Sequence} order; identical copies keep their arrival order. */
        final ArrayList<PaymentEvent> events = new ArrayList<>(4);
        /** Set once the order left the buffer: its index entries are stale. */
        boolean gone;

        Order(String orderId) {
            this.orderId = orderId;
        }

        long earliest() {
            return events.get(0).eventTime;
        }
    }

    private record IndexEntry(long time, Order order) {}

    private final Map<String, Order> orders = new HashMap<>();
    private final PriorityQueue<IndexEntry> byEarliest = new PriorityQueue<>((a, b) -> Long.compare(a.time, b.time));
    private int size;
    /** The most events held at once: the {@code buffered_events_max} gauge. */
    private int highWater;

    /** Events held, over all orders. */
    int size() {
        return size;
    }

    /** The most events held at once since the buffer was made. */
    int highWater() {
        return highWater;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void add(String orderId, PaymentEvent event) {
        Order order = orders.get(orderId);
        if (order == null) {
            order = new Order(orderId);
            orders.put(orderId, order);
        }
        boolean earlier = order.events.isEmpty() || event.eventTime < order.earliest();
        Sequence.insert(order.events, event);
        size++;
        if (size > highWater) {
            highWater = size;
        }
        if (earlier) {
            byEarliest.add(new IndexEntry(event.eventTime, order));
        }
    }

    /** Takes every event of one order out of the buffer (in sequence order), or null when it holds none. */
    List<PaymentEvent> removeOrder(String orderId) {
        Order order = orders.remove(orderId);
        if (order == null) {
            return null;
        }
        order.gone = true;
        size -= order.events.size();
        return order.events;
    }

    /**
     * Takes out every event at or before {@code time} and hands them to {@code action} per order, in
     * sequence order, orders by their earliest event; later events of the same order stay.
     */
    void drainUpTo(long time, DueEvents action) throws Exception {
        while (!byEarliest.isEmpty() && byEarliest.peek().time <= time) {
            IndexEntry entry = byEarliest.poll();
            Order order = entry.order;
            if (order.gone || order.earliest() != entry.time) {
                continue; // stale: the order left, or another entry stands for its earliest event
            }
            List<PaymentEvent> events = order.events;
            int due = 0;
            while (due < events.size() && events.get(due).eventTime <= time) {
                due++;
            }
            List<PaymentEvent> dueEvents;
            if (due == events.size()) {
                orders.remove(order.orderId);
                order.gone = true;
                dueEvents = events;
            } else {
                List<PaymentEvent> head = events.subList(0, due);
                dueEvents = new ArrayList<>(head);
                head.clear();
                byEarliest.add(new IndexEntry(order.earliest(), order));
            }
            size -= due;
            action.accept(order.orderId, dueEvents);
        }
    }

    /** Takes out every event, per order, in sequence order within each order. */
    void drainAll(DueEvents action) throws Exception {
        List<Order> all = new ArrayList<>(orders.values());
        orders.clear();
        byEarliest.clear();
        size = 0;
        for (Order order : all) {
            order.gone = true;
            action.accept(order.orderId, order.events);
        }
    }
}
