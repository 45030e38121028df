package io.payrecon.job.reconcile;

import io.payrecon.matching.OrderState;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Busy orders of one {@link ReconcileOperator} subtask on the heap (issue 22): each order's state as
 * loaded at its first wake-up and changed since, whether it differs from what keyed state holds
 * (dirty), and when it was last touched. While an order is here its wake-ups read and write this
 * table, not keyed state; {@link KeyedOrders} writes every dirty order back before each checkpoint
 * barrier and at the end of input (so savepoints are exactly what they are without the table) and
 * whenever an order leaves.
 *
 * <p>The eviction rule, exact and in this order: at each watermark, every order last touched at
 * least {@code idleMillis} of event time before it leaves ({@code --order-table-idle}); and whenever
 * an order comes in beyond {@code maxOrders} ({@code --order-table-size}), the least recently touched
 * one leaves. A leaving order is written back if dirty (one put or clear) and read from keyed state
 * again if it wakes up later. Nothing is checkpointed here.
 *
 * <p>An order whose state emptied stays as an entry without state: keyed state holds nothing for it
 * (once written back), and a later event starts it afresh without a read.
 */
public final class OrderTable {
    /** One order in the table. */
    static final class Entry {
        final String orderId;
        /** The order as the rules left it; null once it emptied (keyed state then holds nothing). */
        OrderState state;
        /** True when keyed state does not hold {@link #state} yet. */
        boolean dirty;
        /** The watermark at its last load or store. */
        long lastTouch;

        Entry(String orderId, OrderState state, long lastTouch) {
            this.orderId = orderId;
            this.state = state;
            this.lastTouch = lastTouch;
        }
    }

    /**
     * How big the table may grow and how long an order stays quiet in it.
     *
     * @param maxOrders orders per subtask; 0 turns the table off
     * @param idleMillis event time after which a quiet order leaves
     */
    public record Limits(int maxOrders, long idleMillis) implements java.io.Serializable {
        /** A busy order's state is a few hundred bytes to a few kilobytes of heap: tens of megabytes per slot. */
        static final int SUGGESTED_MAX_ORDERS = 20_000;
        /** Longer than the usual spacing of one order's events, far shorter than retention. */
        static final long DEFAULT_IDLE_MILLIS = 60_000;

        /**
         * Where to start when turning the table on: 20,000 orders per subtask, a minute of event time.
         * Not the default: on the benchmark's drains (state within RocksDB's cache) the reads it saves
         * were paid back in garbage collection (BENCHMARKS.md, "The job against its floor").
         */
        public static final Limits SUGGESTED = new Limits(SUGGESTED_MAX_ORDERS, DEFAULT_IDLE_MILLIS);
        /** Every load and store goes to keyed state, as before release 3.1: the default. */
        public static final Limits OFF = new Limits(0, DEFAULT_IDLE_MILLIS);

        public Limits {
            if (maxOrders < 0 || idleMillis <= 0) {
                throw new IllegalArgumentException("order table: size must be 0 or more and idle time positive");
            }
        }

        boolean on() {
            return maxOrders > 0;
        }
    }

    /** The option's default, as text: off. */
    public static final String DEFAULT_MAX_ORDERS_TEXT = "0";

    private final int maxOrders;
    private final long idleMillis;
    /** In access order: the eldest is the least recently touched, and, watermarks being monotonic, the one touched at the lowest watermark. */
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(1024, 0.75f, true);

    OrderTable(Limits limits) {
        if (!limits.on()) {
            throw new IllegalArgumentException("an order table needs room for an order");
        }
        this.maxOrders = limits.maxOrders();
        this.idleMillis = limits.idleMillis();
    }

    int size() {
        return entries.size();
    }

    /** The order's entry, now the most recently touched; null when the order is not here. */
    Entry find(String orderId) {
        return entries.get(orderId);
    }

    /**
     * Takes an order in as keyed state holds it (clean).
     *
     * @return the orders that left to make room (least recently touched first): the caller writes back the dirty ones
     */
    List<Entry> admit(Entry entry) {
        entries.put(entry.orderId, entry);
        if (entries.size() <= maxOrders) {
            return List.of();
        }
        List<Entry> left = new ArrayList<>(1);
        Iterator<Entry> eldest = entries.values().iterator();
        while (entries.size() > maxOrders) {
            left.add(eldest.next());
            eldest.remove();
        }
        return left;
    }

    /** Takes out every order last touched at least the idle time before {@code watermark}, eldest first. */
    List<Entry> removeIdle(long watermark) {
        if (entries.isEmpty() || watermark < Long.MIN_VALUE + idleMillis) {
            return List.of(); // no watermark yet that any order could be idle by
        }
        // The end of event time: every order has been quiet long enough.
        long quietSince = watermark == Long.MAX_VALUE ? Long.MAX_VALUE : watermark - idleMillis;
        List<Entry> left = null;
        Iterator<Entry> eldest = entries.values().iterator();
        while (eldest.hasNext()) {
            Entry e = eldest.next();
            if (e.lastTouch > quietSince) {
                break; // touched later than this, as is every entry after it
            }
            if (left == null) {
                left = new ArrayList<>();
            }
            left.add(e);
            eldest.remove();
        }
        return left == null ? List.of() : left;
    }

    /** The orders keyed state does not hold yet (they stay in the table). */
    List<Entry> dirty() {
        List<Entry> dirty = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.dirty) {
                dirty.add(e);
            }
        }
        return dirty;
    }
}
