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

/**
 * The current order's state in Flink's keyed state and its one event-time timer: what {@link
 * ReconcileOperator} reads and writes for whichever key is current. Reading catches the order up to
 * the watermark; writing clears an empty order and moves its timer where the {@link WakeUpPlan} says.
 * Every read, write and timer operation is counted here ({@link ReconcileMetrics}), where it happens.
 */
final class KeyedOrders {
    private final ValueState<OrderState> orders;
    private final InternalTimerService<VoidNamespace> timers;
    private final OrderReconciler reconciler;
    private final WakeUpPlan wakeUps;
    private final ReconcileMetrics out;
    private final KeyedOrderMemory memory;

    KeyedOrders(
            RuntimeContext state,
            InternalTimerService<VoidNamespace> timers,
            OrderReconciler reconciler,
            WakeUpPlan wakeUps,
            ReconcileMetrics out) {
        // The state name every release used; explicit type: its events are written by PaymentEventSerializer.
        this.orders = state.getState(new ValueStateDescriptor<>("order", FlinkTypes.of(OrderState.class)));
        this.memory = new KeyedOrderMemory(state, out);
        this.timers = timers;
        this.reconciler = reconciler;
        this.wakeUps = wakeUps;
        this.out = out;
    }

    /** The stored state as it is, or null: for a timer, which says itself how far to catch up. */
    OrderState stored() throws Exception {
        out.stateLoad(LoadPath.TIMER);
        return withMemory(orders.value());
    }

    /**
     * The current order's state, caught up to {@code watermark}: a retention point its late timer has
     * not reached yet is applied now, as the exact timer would have. A new order starts empty.
     *
     * @param path why the operator reads it (counted)
     */
    OrderState load(long watermark, LoadPath path) throws Exception {
        out.stateLoad(path);
        OrderState state = withMemory(orders.value());
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
        if (reconciler.isEmpty(state)) {
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
