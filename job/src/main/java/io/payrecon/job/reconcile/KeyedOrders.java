package io.payrecon.job.reconcile;

import io.payrecon.job.reconcile.ReconcileMetrics.LoadPath;
import io.payrecon.job.state.FlinkTypes;
import io.payrecon.matching.OrderReconciler;
import io.payrecon.matching.OrderState;
import io.payrecon.matching.WakeUpPlan;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.KeyContext;

/**
 * The current order's state in Flink's keyed state and its one event-time timer: what {@link
 * ReconcileOperator} reads and writes for whichever key is current. Reading catches the order up to
 * the watermark; writing clears an empty order and moves its timer where the {@link WakeUpPlan} says.
 * Every read, write and timer operation is counted here ({@link ReconcileMetrics}), where it happens.
 *
 * <p>With an {@link OrderTable}, an order read on a watermark, a barrier or an arrival stays on the
 * heap: later loads and stores of it touch the table only, and keyed state gets it back when it
 * leaves the table, before each barrier and at the end of input ({@link #storeAll}). Its timer moves
 * exactly as without the table, so timers and (after {@link #storeAll}) values are the same either way.
 * A timer or a late event of an order not in the table reads and writes keyed state as without it:
 * such an order has been quiet, and one wake-up rarely brings a second.
 */
final class KeyedOrders {
    private final ValueState<OrderState> orders;
    private final InternalTimerService<VoidNamespace> timers;
    private final OrderReconciler reconciler;
    private final WakeUpPlan wakeUps;
    private final ReconcileMetrics out;
    private final KeyedOrderMemory memory;
    /** Null when off. */
    private final OrderTable table;

    private final KeyContext keys;

    /** @param table busy orders on the heap, or null */
    KeyedOrders(
            RuntimeContext state,
            KeyContext keys,
            InternalTimerService<VoidNamespace> timers,
            OrderReconciler reconciler,
            WakeUpPlan wakeUps,
            ReconcileMetrics out,
            OrderTable table) {
        // The state name every release used; explicit type: its events are written by PaymentEventSerializer.
        this.orders = state.getState(new ValueStateDescriptor<>("order", FlinkTypes.of(OrderState.class)));
        this.memory = new KeyedOrderMemory(state, out);
        this.timers = timers;
        this.reconciler = reconciler;
        this.wakeUps = wakeUps;
        this.out = out;
        this.keys = keys;
        this.table = table;
    }

    /** The stored state as it is, or null: for a timer, which says itself how far to catch up. */
    OrderState stored() throws Exception {
        OrderTable.Entry inTable = inTable();
        if (inTable != null) {
            out.orderTableHit();
            return inTable.state;
        }
        out.stateLoad(LoadPath.TIMER);
        return withMemory(orders.value());
    }

    /**
     * The current order's state, caught up to {@code watermark}: a retention point its late timer has
     * not reached yet is applied now, as the exact timer would have. A new order starts empty.
     *
     * @param path why the operator reads it (counted; with a table, all but a late event bring the order into it)
     */
    OrderState load(long watermark, LoadPath path) throws Exception {
        OrderTable.Entry inTable = inTable();
        OrderState state;
        if (inTable != null) {
            out.orderTableHit();
            inTable.lastTouch = watermark;
            state = inTable.state;
        } else {
            out.stateLoad(path);
            state = withMemory(orders.value());
            if (table != null && path != LoadPath.LATE) {
                String orderId = (String) keys.getCurrentKey();
                for (OrderTable.Entry left : table.admit(new OrderTable.Entry(orderId, state, watermark))) {
                    out.orderTableEviction(ReconcileMetrics.TableEviction.SIZE);
                    writeBack(left, orderId);
                }
            }
        }
        if (state == null) {
            return withMemory(new OrderState());
        }
        if (watermark != Long.MIN_VALUE) {
            reconciler.advanceTo(state, watermark, out);
        }
        return state;
    }

    /** Writes the order back, or clears it, and moves its one timer where the plan wants it. */
    void store(OrderState state, long watermark) throws Exception {
        long scheduled = state.scheduledWakeUp;
        long next = wakeUps.next(state, watermark);
        if (next != scheduled) {
            if (scheduled != OrderReconciler.NO_WAKE_UP) {
                timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, scheduled);
                out.timerDeleted();
            }
            if (next != OrderReconciler.NO_WAKE_UP) {
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, next);
                out.timerRegistered();
            }
            state.scheduledWakeUp = next;
        }
        boolean empty = reconciler.isEmpty(state);
        OrderTable.Entry inTable = inTable();
        if (inTable != null) {
            inTable.state = empty ? null : state;
            inTable.dirty = true;
            inTable.lastTouch = watermark;
        } else {
            write(empty ? null : state);
        }
    }

    /** Before a barrier and at the end of input: keyed state gets every order the table changed. */
    void storeAll() throws Exception {
        if (table == null) {
            return;
        }
        Object current = keys.getCurrentKey();
        for (OrderTable.Entry dirty : table.dirty()) {
            keys.setCurrentKey(dirty.orderId);
            write(dirty.state);
            dirty.dirty = false;
        }
        if (current != null) {
            keys.setCurrentKey(current);
        }
    }

    /** At a watermark: orders quiet for the table's idle time leave it. */
    void evictIdle(long watermark) throws Exception {
        if (table == null) {
            return;
        }
        Object current = keys.getCurrentKey();
        for (OrderTable.Entry left : table.removeIdle(watermark)) {
            out.orderTableEviction(ReconcileMetrics.TableEviction.IDLE);
            writeBack(left, null);
        }
        if (current != null) {
            keys.setCurrentKey(current);
        }
    }

    /** Orders in the table now (a gauge); 0 without one. */
    int tableSize() {
        return table == null ? 0 : table.size();
    }

    /** A leaving order into keyed state, if it has changed; then back to {@code currentKey}, if given. */
    private void writeBack(OrderTable.Entry left, Object currentKey) throws Exception {
        if (!left.dirty) {
            return;
        }
        keys.setCurrentKey(left.orderId);
        write(left.state);
        if (currentKey != null) {
            keys.setCurrentKey(currentKey);
        }
    }

    private OrderTable.Entry inTable() {
        return table == null ? null : table.find((String) keys.getCurrentKey());
    }

    /** One put, or one clear for an emptied order. */
    private void write(OrderState state) throws Exception {
        if (state == null) {
            orders.clear();
            out.stateClear();
        } else {
            orders.update(state);
            out.stateStore();
        }
    }

    /** The order's recorded ids and closed movements are in map state beside it. */
    private OrderState withMemory(OrderState state) {
        if (state != null) {
            state.memory = memory;
        }
        return state;
    }
}
