package io.payrecon.job;

import io.payrecon.matching.OrderReconciler;
import io.payrecon.matching.OrderState;
import io.payrecon.matching.ReconciliationOutput;
import io.payrecon.matching.MatchingRules;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.ExceptionType;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.api.common.functions.OpenContext;

import java.util.EnumMap;
import java.util.Map;

/**
 * Adapts the {@link OrderReconciler} to Flink: one {@link OrderState} per order in keyed state, one
 * event-time timer per order at the next point the rules care about, exceptions to a side output.
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
    /** Null unless a test switched failure injection on. */
    private final FailureSwitch failureSwitch;

    private transient ValueState<OrderState> orders;
    private transient ListState<Long> openPairsState;
    private transient Emitter emitter;
    private transient Counter eventsIn;
    private transient Counter reconciledCount;
    private transient Counter duplicatesDropped;
    private transient Counter lateEvents;
    private transient Map<ExceptionType, Counter> exceptionsByType;
    private transient Histogram matchLatency;
    private transient long openPairs;
    private transient long lastWatermark;

    public ReconcileFunction(MatchingRules rules) {
        this(rules, null);
    }

    ReconcileFunction(MatchingRules rules, FailureSwitch failureSwitch) {
        this.reconciler = new OrderReconciler(rules);
        this.failureSwitch = failureSwitch;
    }

    @Override
    public void open(OpenContext openContext) {
        orders = getRuntimeContext().getState(new ValueStateDescriptor<>("order", TypeInformation.of(OrderState.class)));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        eventsIn = metrics.counter("events_in");
        reconciledCount = metrics.counter("reconciled");
        duplicatesDropped = metrics.counter("duplicates_dropped");
        lateEvents = metrics.counter("late_events");
        exceptionsByType = new EnumMap<>(ExceptionType.class);
        MetricGroup exceptions = metrics.addGroup("exceptions");
        for (ExceptionType type : ExceptionType.values()) {
            if (type != ExceptionType.MALFORMED_EVENT) { // counted where malformed input is split off
                exceptionsByType.put(type, exceptions.counter(type.name()));
            }
        }
        matchLatency = metrics.histogram("match_latency_ms", new DescriptiveStatisticsHistogram(10_000));
        metrics.gauge("open_pairs", () -> openPairs);
        lastWatermark = Long.MIN_VALUE;
        // How far event time lags the wall clock: a stalled watermark shows up here first.
        metrics.gauge("event_time_lag_ms",
                () -> lastWatermark == Long.MIN_VALUE ? -1L : System.currentTimeMillis() - lastWatermark);
        emitter = new Emitter();
    }

    @Override
    public void processElement(PaymentEvent event, Context ctx, Collector<ReconciledRecord> out) throws Exception {
        eventsIn.inc();
        if (failureSwitch != null) {
            failureSwitch.check();
        }
        long watermark = ctx.timerService().currentWatermark();
        lastWatermark = watermark;
        OrderState state = orders.value();
        if (state == null) {
            state = new OrderState();
        }
        if (event.eventTime <= watermark) {
            lateEvents.inc();
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
        lastWatermark = watermark;
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
        openPairsState.update(java.util.List.of(openPairs));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        // Operator (not keyed) state, split evenly on rescale: the sum over subtasks stays right.
        openPairsState = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("open-pairs", Types.LONG));
        openPairs = 0;
        for (Long count : openPairsState.get()) {
            openPairs += count;
        }
    }

    /** Routes the rules' decisions to the main output, the exceptions side output and the metrics. */
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
            reconciledCount.inc();
            matchLatency.update(Math.max(0, System.currentTimeMillis() - record.matchedTime));
            out.collect(record);
        }

        @Override
        public void exception(ExceptionRecord record) {
            exceptionsByType.get(record.type).inc();
            ctx.output(EXCEPTIONS, record);
        }

        @Override
        public void duplicateDropped(PaymentEvent event) {
            duplicatesDropped.inc();
        }

        @Override
        public void pairOpened() {
            openPairs++;
        }

        @Override
        public void pairClosed() {
            openPairs--;
        }
    }
}
