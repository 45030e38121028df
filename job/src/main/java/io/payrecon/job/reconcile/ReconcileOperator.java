package io.payrecon.job.reconcile;

import io.payrecon.job.reconcile.ReconcileMetrics.LoadPath;
import io.payrecon.matching.MatchingRules;
import io.payrecon.matching.OrderReconciler;
import io.payrecon.matching.OrderState;
import io.payrecon.matching.WakeUpPlan;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps Flink's lifecycle onto the rules ({@link OrderReconciler}): one {@link OrderState} per order in
 * keyed state (state {@code order}, as every release kept it), one event-time timer per order where
 * the {@link WakeUpPlan} puts it, reconciled records to the main output and exceptions to a side
 * output, both counted on the way by {@link ReconcileMetrics}.
 *
 * <p>An event ahead of the watermark waits in the {@link WatermarkBuffer}; a watermark gives each
 * order it makes due one state read, the rules up to it, one write, before its timers fire. A late
 * event (rule 10) is applied at once. Before every barrier and at the end of input the buffer goes into
 * keyed state ({@link OrderState#pending}), so savepoints hold every event and rescale with their key
 * groups. Past {@code maxBufferedEvents} (a stalled watermark) arrivals go to keyed state; file
 * replays (BATCH: one key at a time) keep every event there.
 *
 * <p>On RocksDB with {@code --order-table-size} above 0, busy orders stay deserialized in an {@link
 * OrderTable} between their wake-ups (issue 22): an order is read once while it is busy and written back when it leaves the table, before each
 * barrier and at the end of input. Output, timers and snapshots are the same with and without it.
 *
 * <p>The final watermark (event time = +infinity) means two different things. At the end of a bounded
 * input (a file replay, {@code --bounded}) it is the contract's end of input: every deadline passes
 * and every open period is stated. An endless input never ends, so there it can only come from {@code
 * flink stop --drain}: this operator then holds it back. Event time stays where the last real
 * watermark left it, the waiting events go into keyed state with the barrier, nothing is flagged and
 * nothing forgotten, and no statement is written early; a job resumed from that savepoint carries on
 * as if it had never stopped (a drained job that would otherwise flag every open pair, forget every
 * order and state every period again on resume: issue 21).
 */
public class ReconcileOperator extends AbstractStreamOperator<ReconciledRecord>
        implements OneInputStreamOperator<PaymentEvent, ReconciledRecord>,
                BoundedOneInput,
                Triggerable<String, VoidNamespace> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileOperator.class);

    public static final OutputTag<ExceptionRecord> EXCEPTIONS =
            new OutputTag<>("exceptions", TypeInformation.of(ExceptionRecord.class));

    /** Events the buffer holds per subtask before arrivals go to keyed state (sizing: {@link WatermarkBuffer}). */
    public static final int DEFAULT_MAX_BUFFERED_EVENTS = 100_000;
    /** The same, as the option's default takes it. */
    public static final String DEFAULT_MAX_BUFFERED_EVENTS_TEXT = "" + DEFAULT_MAX_BUFFERED_EVENTS;

    /** Timer name and namespace of the previous {@code KeyedProcessOperator}: restored timers carry on. */
    private static final String TIMERS = "user-timers";

    private final OrderReconciler reconciler;
    private final WakeUpPlan wakeUps;
    private final int maxBufferedEvents;
    private final boolean endlessInput;
    private final OrderTable.Limits table;

    private transient KeyedOrders orders;
    private transient InternalTimerService<VoidNamespace> timers;
    private transient WatermarkBuffer buffer;
    private transient boolean buffering;
    private transient ReconcileMetrics out;
    private transient PairCounts pairCounts;

    public ReconcileOperator(MatchingRules rules) {
        this(rules, DEFAULT_MAX_BUFFERED_EVENTS);
    }

    /** For a bounded input, where the final watermark ends event time. */
    public ReconcileOperator(MatchingRules rules, int maxBufferedEvents) {
        this(rules, maxBufferedEvents, false);
    }

    /**
     * @param maxBufferedEvents 0 keeps every event in keyed state, as releases before 1.2 did
     * @param endlessInput true when the input never ends, so that a final watermark can only be a
     *     drain: it is held back (see the class comment)
     */
    public ReconcileOperator(MatchingRules rules, int maxBufferedEvents, boolean endlessInput) {
        this(rules, maxBufferedEvents, endlessInput, OrderTable.Limits.OFF);
    }

    /** @param table how many busy orders stay on the heap, and how long ({@link OrderTable}) */
    public ReconcileOperator(
            MatchingRules rules, int maxBufferedEvents, boolean endlessInput, OrderTable.Limits table) {
        if (maxBufferedEvents < 0) {
            throw new IllegalArgumentException("the buffer bound must not be negative");
        }
        this.reconciler = new OrderReconciler(rules);
        this.wakeUps = new WakeUpPlan(reconciler, rules);
        this.maxBufferedEvents = maxBufferedEvents;
        this.endlessInput = endlessInput;
        this.table = table;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        pairCounts = PairCounts.in(context.getOperatorStateStore());
    }

    @Override
    public void open() throws Exception {
        super.open();
        timers = getInternalTimerService(TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        buffer = new WatermarkBuffer();
        buffering = maxBufferedEvents > 0 && !sortedInput();
        StreamRecord<ReconciledRecord> reconciled = new StreamRecord<>(null);
        // Each record carries its contract time (matched_time, detected_time): the statements' period.
        out = new ReconcileMetrics(
                getMetricGroup(),
                pairCounts.restoredOpenPairs(),
                pairCounts.restoredUnmatchedOpen(),
                record -> output.collect(reconciled.replace(record, record.matchedTime)),
                record -> output.collect(EXCEPTIONS, new StreamRecord<>(record, record.detectedTime)));
        ReconcileMetrics.bufferedEvents(getMetricGroup(), buffer::size);
        ReconcileMetrics.bufferedEventsMax(getMetricGroup(), buffer::highWater);
        // Only where keyed state copies what it is given (RocksDB serializes on write): the heap
        // backend keeps the very object, which its asynchronous snapshots may still be reading after
        // the barrier while the table would go on changing it. There the state is on the heap anyway.
        boolean tableOn = table.on() && !sortedInput() && getKeyedStateBackend().isSafeToReuseKVState();
        orders = new KeyedOrders(
                getRuntimeContext(), this, timers, reconciler, wakeUps, out, tableOn ? new OrderTable(table) : null);
        ReconcileMetrics.orderTableOrders(getMetricGroup(), orders::tableSize);
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
        out.eventIn();
        long watermark = timers.currentWatermark();
        boolean late = event.eventTime <= watermark;
        if (!late && buffering) {
            if (buffer.size() < maxBufferedEvents) {
                buffer.add(event.orderId, event);
                return;
            }
            out.bufferFull();
        }
        // Late, BATCH, or the buffer is full: the order goes through keyed state now, after what the
        // buffer holds of it (that arrived earlier).
        OrderState state = orders.load(watermark, late ? LoadPath.LATE : LoadPath.ARRIVAL);
        List<PaymentEvent> earlier = buffer.removeOrder(event.orderId);
        if (earlier != null) {
            earlier.forEach(e -> reconciler.accept(state, e));
        }
        if (late) {
            out.lateEvent();
            reconciler.applyLate(state, event, out);
        } else {
            reconciler.accept(state, event);
        }
        orders.store(state, watermark);
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        long watermark = mark.getTimestamp();
        if (endlessInput && watermark == Long.MAX_VALUE) {
            LOG.info(
                    "Final watermark held back (the input is endless, so this is a drain): event time stays"
                            + " at {}, {} waiting events go into state with the savepoint, no order is flagged"
                            + " or forgotten",
                    timers.currentWatermark(),
                    buffer.size());
            return; // a drain: endInput and the barrier put the waiting events into state
        }
        long passed = timers.currentWatermark();
        // Each due order is read as of the watermark passed, then caught up to the new one.
        buffer.drainUpTo(watermark, (orderId, due) -> applyBuffered(orderId, due, passed, watermark));
        super.processWatermark(mark); // timers, then the watermark goes on
        orders.evictIdle(watermark);
    }

    @Override
    public void onEventTime(InternalTimer<String, VoidNamespace> timer) throws Exception {
        out.timerFired();
        OrderState state = orders.stored();
        if (state == null) {
            return;
        }
        if (state.scheduledWakeUp == timer.getTimestamp()) {
            state.scheduledWakeUp = OrderReconciler.NO_WAKE_UP; // this timer is spent
        }
        // Every event at or before the watermark has arrived (later ones are late): catch up in one go.
        long watermark = Math.max(timer.getTimestamp(), timers.currentWatermark());
        reconciler.advanceTo(state, watermark, out);
        orders.store(state, watermark);
    }

    @Override
    public void onProcessingTime(InternalTimer<String, VoidNamespace> timer) {} // none registered

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        super.prepareSnapshotPreBarrier(checkpointId);
        moveBufferToState(LoadPath.BARRIER); // the snapshot holds every event
        orders.storeAll(); // and every order as it is now
    }

    @Override
    public void endInput() throws Exception {
        moveBufferToState(LoadPath.END_OF_INPUT);
        orders.storeAll();
    }

    /**
     * The cost counters as accumulators (summed over subtasks; the buffer's high-water mark as a
     * maximum): metrics vanish with a finished job, accumulators stay in its REST view and web UI,
     * where a benchmark drain or a file replay can still read what the operator did.
     */
    @Override
    public void finish() throws Exception {
        super.finish();
        out.eachCostCount((name, count) -> getRuntimeContext().addAccumulator(name, new LongCounter(count)));
        getRuntimeContext().addAccumulator("buffered_events_max", new LongMaximum(buffer.highWater()));
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        pairCounts.keep(out);
    }

    private void moveBufferToState(LoadPath path) throws Exception {
        long watermark = timers.currentWatermark();
        buffer.drainAll((orderId, events) -> applyBuffered(orderId, events, watermark, watermark, path));
    }

    /** The due events of one order at a watermark. */
    private void applyBuffered(String orderId, List<PaymentEvent> events, long readAt, long upTo) throws Exception {
        applyBuffered(orderId, events, readAt, upTo, LoadPath.WATERMARK);
    }

    /** One order's events from the buffer into its state, then event time up to {@code upTo}. */
    private void applyBuffered(String orderId, List<PaymentEvent> events, long readAt, long upTo, LoadPath path)
            throws Exception {
        setCurrentKey(orderId);
        OrderState state = orders.load(readAt, path);
        events.forEach(e -> reconciler.accept(state, e));
        reconciler.advanceTo(state, upTo, out);
        orders.store(state, upTo);
    }
}
