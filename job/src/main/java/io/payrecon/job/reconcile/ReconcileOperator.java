package io.payrecon.job.reconcile;

import io.payrecon.job.state.FlinkTypes;
import io.payrecon.matching.MatchingRules;
import io.payrecon.matching.OrderReconciler;
import io.payrecon.matching.OrderState;
import io.payrecon.matching.ReconciliationOutput;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.graph.StreamConfig;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.InternalTimer;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.operators.Triggerable;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * Adapts the {@link OrderReconciler} to Flink, paying for an order's state about once per watermark
 * that reaches it rather than twice per event: one {@link OrderState} per order in keyed state (state
 * {@code order}, as every release kept it), events ahead of the watermark in a heap buffer, one
 * event-time timer per order for what the watermark does not drive by itself, reconciled records to
 * the main output and exceptions to a side output. What the rules decide is counted by {@link
 * ReconcileMetrics}.
 *
 * <p>An arriving event ahead of the watermark waits in the {@link WatermarkBuffer}. When a watermark
 * arrives, before timers fire and before it goes on, every order with events it passes gets one state
 * read, the rules applied up to the watermark ({@link OrderReconciler#advanceTo}, the same call the
 * timer made before), one write or clear, and its timer set. An event at or behind the watermark is
 * late (rule 10) and applied at once, as before.
 *
 * <p>The buffer is never checkpointed: before every barrier ({@link #prepareSnapshotPreBarrier}) and
 * at the end of input its events go into keyed state, into {@link OrderState#pending} with a timer at
 * the earliest, exactly as the previous {@code KeyedProcessFunction} kept them. So savepoints of every
 * release restore here, a savepoint taken here restores into the previous release, and rescaling moves
 * them with their key groups. Past {@code maxBufferedEvents} (a watermark that stalls: an idle-less
 * partition, a producer far behind) arrivals go to keyed state as before, so memory stays bounded.
 *
 * <p>Timers: the order's next output point (a pending event in state, the waiting side's deadline) is
 * exact; retention produces no output, so its timer is registered {@link #retentionSlack} late and
 * moved only when a new event pushes retention past it. Every state read first catches the order up
 * to the current watermark, so a retention point passed but not yet timed is applied before anything
 * else, as if its timer had fired on time: the output is the same.
 *
 * <p>File replays run in BATCH mode, where keyed state holds one key at a time and the watermark jumps
 * to +infinity when a key's input ends; there the buffer is off and every event goes to state.
 */
public class ReconcileOperator extends AbstractStreamOperator<ReconciledRecord>
        implements OneInputStreamOperator<PaymentEvent, ReconciledRecord>,
                BoundedOneInput,
                Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<ExceptionRecord> EXCEPTIONS =
            new OutputTag<>("exceptions", TypeInformation.of(ExceptionRecord.class));

    /**
     * Events the heap buffer holds per subtask before arrivals go to keyed state. At a few hundred
     * bytes of heap per event, 100,000 is tens of megabytes per slot; a live stream holds about
     * out-of-orderness x rate / parallelism (2 s at 50,000 events/s over 2 subtasks: 50,000).
     */
    public static final int DEFAULT_MAX_BUFFERED_EVENTS = 100_000;

    /** Timer name and namespace of the previous {@code KeyedProcessOperator}: restored timers carry on. */
    private static final String TIMERS = "user-timers";

    private final OrderReconciler reconciler;
    private final int maxBufferedEvents;
    private final long retentionSlack;

    private transient ValueState<OrderState> orders;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient WatermarkBuffer buffer;
    /** BATCH: keyed state holds one key at a time, so nothing may wait across keys on the heap. */
    private transient boolean buffering;

    private transient ListState<Long> openPairsState;
    private transient ListState<Long> unmatchedOpenState;
    /** Read from operator state before {@link #open} creates the metrics that carry them on. */
    private transient long restoredOpenPairs;

    private transient long restoredUnmatchedOpen;
    private transient ReconcileMetrics metrics;
    private transient Emitter emitter;

    public ReconcileOperator(MatchingRules rules) {
        this(rules, DEFAULT_MAX_BUFFERED_EVENTS);
    }

    /** @param maxBufferedEvents 0 keeps every event in keyed state, as the previous release did */
    public ReconcileOperator(MatchingRules rules, int maxBufferedEvents) {
        if (maxBufferedEvents < 0) {
            throw new IllegalArgumentException("the buffer bound must not be negative");
        }
        this.reconciler = new OrderReconciler(rules);
        this.maxBufferedEvents = maxBufferedEvents;
        this.retentionSlack = retentionSlack(rules);
    }

    /**
     * How late a retention timer may fire: a sixteenth of the retention, at most an hour (7 days: 1 h;
     * 30 min: 112 s). Later events of an order within it leave the timer where it is; the cost is that
     * a forgotten order's state lives that much longer.
     */
    static long retentionSlack(MatchingRules rules) {
        return Math.min(rules.retentionMillis() / 16, 3_600_000L);
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        // Operator (not keyed) state, split evenly on rescale: the sum over subtasks stays right.
        openPairsState =
                context.getOperatorStateStore().getListState(new ListStateDescriptor<>("open-pairs", Types.LONG));
        restoredOpenPairs = 0;
        for (Long count : openPairsState.get()) {
            restoredOpenPairs += count;
        }
        // Absent in savepoints of releases before 1.2: the count then starts at 0.
        unmatchedOpenState =
                context.getOperatorStateStore().getListState(new ListStateDescriptor<>("unmatched-open", Types.LONG));
        restoredUnmatchedOpen = 0;
        for (Long count : unmatchedOpenState.get()) {
            restoredUnmatchedOpen += count;
        }
    }

    @Override
    public void open() throws Exception {
        super.open();
        // Explicit type: events inside the order state are written by PaymentEventSerializer.
        orders = getRuntimeContext().getState(new ValueStateDescriptor<>("order", FlinkTypes.of(OrderState.class)));
        timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        buffer = new WatermarkBuffer();
        buffering = maxBufferedEvents > 0 && !sortedInput();
        metrics = new ReconcileMetrics(getMetricGroup(), restoredOpenPairs, restoredUnmatchedOpen);
        ReconcileMetrics.bufferedEvents(getMetricGroup(), this::bufferedEvents);
        emitter = new Emitter();
    }

    /** What the {@code buffered_events} gauge shows. */
    int bufferedEvents() {
        return buffer.size();
    }

    /** True in BATCH mode, where Flink sorts the keyed input by key. */
    private boolean sortedInput() {
        StreamConfig.InputConfig[] inputs = getOperatorConfig().getInputs(getUserCodeClassloader());
        return inputs.length > 0 && StreamConfig.requiresSorting(inputs[0]);
    }

    @Override
    public void processElement(StreamRecord<PaymentEvent> element) throws Exception {
        PaymentEvent event = element.getValue();
        metrics.eventIn();
        long watermark = timers.currentWatermark();
        if (event.eventTime > watermark && buffering && buffer.size() < maxBufferedEvents) {
            buffer.add(event.orderId, event);
            return;
        }
        // Late, BATCH, or the buffer is full: this order goes through keyed state now, with what the
        // buffer holds of it (it all arrived earlier, so it goes first).
        OrderState state = load(watermark);
        List<PaymentEvent> earlier = buffer.removeOrder(event.orderId);
        if (earlier != null) {
            for (PaymentEvent e : earlier) {
                reconciler.accept(state, e);
            }
        }
        if (event.eventTime <= watermark) {
            metrics.lateEvent();
            reconciler.applyLate(state, event, emitter);
        } else {
            reconciler.accept(state, event);
        }
        store(state, watermark);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long watermark = mark.getTimestamp();
        long passed = timers.currentWatermark();
        buffer.drainUpTo(watermark, (orderId, due) -> {
            setCurrentKey(orderId);
            OrderState state = load(passed); // the new watermark only after the due events are in
            for (PaymentEvent e : due) {
                reconciler.accept(state, e);
            }
            reconciler.advanceTo(state, watermark, emitter);
            store(state, watermark);
        });
        super.processWatermark(mark); // timers, then the watermark goes on
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        OrderState state = orders.value();
        if (state == null) {
            return;
        }
        long timestamp = timer.getTimestamp();
        if (state.scheduledWakeUp == timestamp) {
            state.scheduledWakeUp = OrderReconciler.NO_WAKE_UP; // this timer is spent
        }
        // Every event at or before the watermark has arrived (later ones are late), so the order can
        // catch up to the watermark in one go, not timer by timer.
        long watermark = Math.max(timestamp, timers.currentWatermark());
        reconciler.advanceTo(state, watermark, emitter);
        store(state, watermark);
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {
        // none registered
    }

    /** Before the barrier: the buffer goes into keyed state, so the snapshot holds every event. */
    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        moveBufferToState();
    }

    @Override
    public void endInput() throws Exception {
        moveBufferToState();
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        openPairsState.update(List.of(metrics.openPairs()));
        unmatchedOpenState.update(List.of(metrics.unmatchedOpen()));
    }

    /** Every buffered event into its order's pending list, with a timer at the earliest, as before. */
    private void moveBufferToState() throws Exception {
        if (buffer.isEmpty()) {
            return;
        }
        long watermark = timers.currentWatermark();
        buffer.drainAll((orderId, events) -> {
            setCurrentKey(orderId);
            OrderState state = load(watermark);
            for (PaymentEvent e : events) {
                reconciler.accept(state, e);
            }
            store(state, watermark);
        });
    }

    /**
     * The current order's state, caught up to {@code watermark}: a retention point its late timer has
     * not reached yet is applied now, as the exact timer would have. Anything else due was applied
     * when the watermark passed it, so then this does nothing.
     */
    private OrderState load(long watermark) throws Exception {
        OrderState state = orders.value();
        if (state == null) {
            return new OrderState();
        }
        if (watermark != Long.MIN_VALUE) {
            reconciler.advanceTo(state, watermark, emitter);
        }
        return state;
    }

    /**
     * Writes the order back, or clears it, and keeps its one timer where the rules need it: exactly at
     * the next output point, or within the slack after the retention point when that comes first.
     */
    private void store(OrderState state, long watermark) throws Exception {
        boolean empty = reconciler.isEmpty(state);
        long lo = OrderReconciler.NO_WAKE_UP;
        long hi = OrderReconciler.NO_WAKE_UP;
        if (!empty) {
            long output = reconciler.nextOutputPoint(state);
            long retention = reconciler.retentionPoint(state);
            if (retention == OrderReconciler.NO_WAKE_UP
                    || (output != OrderReconciler.NO_WAKE_UP && output <= retention)) {
                lo = output;
                hi = output;
            } else {
                lo = retention;
                long late = retention + retentionSlack;
                hi = late < retention ? Long.MAX_VALUE : late;
                if (output != OrderReconciler.NO_WAKE_UP) {
                    hi = Math.min(hi, output);
                }
            }
        }
        long scheduled = state.scheduledWakeUp;
        boolean keep = lo == OrderReconciler.NO_WAKE_UP
                ? scheduled == OrderReconciler.NO_WAKE_UP
                : scheduled != OrderReconciler.NO_WAKE_UP
                        && scheduled >= lo
                        && scheduled <= hi
                        && scheduled > watermark;
        if (!keep) {
            if (scheduled != OrderReconciler.NO_WAKE_UP) {
                timers.deleteEventTimeTimer(VoidNamespace.INSTANCE, scheduled);
            }
            if (hi != OrderReconciler.NO_WAKE_UP) {
                timers.registerEventTimeTimer(VoidNamespace.INSTANCE, hi);
            }
            state.scheduledWakeUp = hi;
        }
        if (empty) {
            orders.clear();
        } else {
            orders.update(state);
        }
    }

    /**
     * Routes the rules' decisions to the main output or the exceptions side output, and to the metrics.
     * Each record carries its own contract time as its timestamp (matched_time, detected_time): the
     * statement window puts it in the period of that time.
     */
    private final class Emitter implements ReconciliationOutput {
        private final StreamRecord<ReconciledRecord> reconciled = new StreamRecord<>(null);

        @Override
        public void reconciled(ReconciledRecord record) {
            metrics.reconciled(record);
            output.collect(reconciled.replace(record, record.matchedTime));
        }

        @Override
        public void exception(ExceptionRecord record) {
            metrics.exception(record);
            output.collect(EXCEPTIONS, new StreamRecord<>(record, record.detectedTime));
        }

        @Override
        public void duplicateDropped(PaymentEvent event) {
            metrics.duplicateDropped(event);
        }

        @Override
        public void eventIdConflict(PaymentEvent event) {
            metrics.eventIdConflict(event);
        }

        @Override
        public void pairOpened() {
            metrics.pairOpened();
        }

        @Override
        public void waitingSideForgotten(boolean flaggedUnmatched) {
            metrics.waitingSideForgotten(flaggedUnmatched);
        }

        @Override
        public void pairClosed() {
            metrics.pairClosed();
        }
    }
}
