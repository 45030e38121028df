package io.payrecon.job;

import io.payrecon.job.state.FlinkTypes;
import io.payrecon.matching.MatchingRules;
import io.payrecon.matching.OrderReconciler;
import io.payrecon.matching.OrderState;
import io.payrecon.matching.ReconciliationOutput;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Adapts the {@link OrderReconciler} to Flink: one {@link OrderState} per order in keyed state, one
 * event-time timer per order at the next point the rules care about, reconciled records to the main
 * output and exceptions to a side output. What the rules decide is counted by {@link ReconcileMetrics}.
 *
 * <p>An event ahead of the watermark waits in state until event time passes it; one at or behind the
 * watermark is late (rule 10) and applied at once. In BATCH mode the watermark is unknown while
 * records flow and jumps to +infinity when a key's input ends, which the same code handles.
 */
public class ReconcileFunction extends KeyedProcessFunction<String, PaymentEvent, ReconciledRecord>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<ExceptionRecord> EXCEPTIONS =
            new OutputTag<>("exceptions", TypeInformation.of(ExceptionRecord.class));

    private final OrderReconciler reconciler;

    private transient ValueState<OrderState> orders;
    private transient ListState<Long> openPairsState;
    /** Read from operator state before {@link #open} creates the metrics that carry it on. */
    private transient long restoredOpenPairs;
    private transient ReconcileMetrics metrics;
    private transient Emitter emitter;

    public ReconcileFunction(MatchingRules rules) {
        this.reconciler = new OrderReconciler(rules);
    }

    @Override
    public void open(OpenContext openContext) {
        // Explicit type: events inside the order state are written by PaymentEventSerializer.
        orders = getRuntimeContext().getState(new ValueStateDescriptor<>("order", FlinkTypes.of(OrderState.class)));
        metrics = new ReconcileMetrics(getRuntimeContext().getMetricGroup(), restoredOpenPairs);
        emitter = new Emitter();
    }

    @Override
    public void processElement(PaymentEvent event, Context ctx, Collector<ReconciledRecord> out) throws Exception {
        metrics.eventIn();
        long watermark = ctx.timerService().currentWatermark();
        metrics.watermark(watermark);
        OrderState state = orders.value();
        if (state == null) {
            state = new OrderState();
        }
        if (event.eventTime <= watermark) {
            metrics.lateEvent();
            reconciler.applyLate(state, event, emitter.to(ctx, out));
        } else {
            reconciler.accept(state, event);
        }
        store(state, ctx.timerService());
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ReconciledRecord> out) throws Exception {
        OrderState state = orders.value();
        if (state == null) {
            return;
        }
        if (state.scheduledWakeUp == timestamp) {
            state.scheduledWakeUp = OrderReconciler.NO_WAKE_UP; // this timer is spent
        }
        // Every event at or before the watermark has arrived (later ones are late), so the order can
        // catch up to the watermark in one go, not timer by timer.
        long watermark = ctx.timerService().currentWatermark();
        metrics.watermark(watermark);
        reconciler.advanceTo(state, Math.max(timestamp, watermark), emitter.to(ctx, out));
        store(state, ctx.timerService());
    }

    /** Writes the order back, or clears it, and keeps exactly one timer at its next wake-up. */
    private void store(OrderState state, TimerService timers) throws Exception {
        boolean empty = reconciler.isEmpty(state);
        long next = empty ? OrderReconciler.NO_WAKE_UP : reconciler.nextWakeUp(state);
        if (next != state.scheduledWakeUp) {
            if (state.scheduledWakeUp != OrderReconciler.NO_WAKE_UP) {
                timers.deleteEventTimeTimer(state.scheduledWakeUp);
            }
            if (next != OrderReconciler.NO_WAKE_UP) {
                timers.registerEventTimeTimer(next);
            }
            state.scheduledWakeUp = next;
        }
        if (empty) {
            orders.clear();
        } else {
            orders.update(state);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        openPairsState.update(List.of(metrics.openPairs()));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        // Operator (not keyed) state, split evenly on rescale: the sum over subtasks stays right.
        openPairsState = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("open-pairs", Types.LONG));
        restoredOpenPairs = 0;
        for (Long count : openPairsState.get()) {
            restoredOpenPairs += count;
        }
    }

    /** Routes the rules' decisions to the main output or the exceptions side output, and to the metrics. */
    private final class Emitter implements ReconciliationOutput {
        private Context ctx;
        private Collector<ReconciledRecord> out;

        Emitter to(Context ctx, Collector<ReconciledRecord> out) {
            this.ctx = ctx;
            this.out = out;
            return this;
        }

        @Override
        public void reconciled(ReconciledRecord record) {
            metrics.reconciled(record);
            out.collect(record);
        }

        @Override
        public void exception(ExceptionRecord record) {
            metrics.exception(record);
            ctx.output(EXCEPTIONS, record);
        }

        @Override
        public void duplicateDropped(PaymentEvent event) {
            metrics.duplicateDropped(event);
        }

        @Override
        public void pairOpened() {
            metrics.pairOpened();
        }

        @Override
        public void pairClosed() {
            metrics.pairClosed();
        }
    }
}
