package io.payrecon.job.reconcile;

import static io.payrecon.matching.Events.at;
import static io.payrecon.matching.Events.credit;
import static io.payrecon.matching.Events.debit;
import static io.payrecon.matching.Events.lifecycle;
import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.job.config.JobConfig;
import io.payrecon.job.state.FlinkTypes;
import io.payrecon.matching.MatchingRules;
import io.payrecon.matching.OrderState;
import io.payrecon.matching.WakeUpPlan;
import io.payrecon.model.AlertState;
import io.payrecon.model.EventType;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.Kind;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Flink adapter: the heap buffer and the watermark, keyed state, one timer per order, late events,
 * the buffer's bound, snapshot and restore (also at another parallelism) while events wait on the heap.
 */
class ReconcileOperatorTest {
    /** The defaults, but the money (rule 12) kept as long as the order, so retention empties the state. */
    /** The defaults: a 10-minute match window, 7 days' retention (OrderTableTest uses them too). */
    static final MatchingRules RULES = new MatchingRules(
            MatchingRules.DEFAULT_MATCH_WINDOW,
            MatchingRules.DEFAULT_RETENTION,
            MatchingRules.DEFAULT_AMOUNT_TOLERANCE,
            MatchingRules.DEFAULT_RETENTION,
            MatchingRules.DEFAULT_MAX_EVENTS_PER_ORDER);

    private static final long RETENTION = RULES.retentionMillis();
    private static final long SLACK = WakeUpPlan.retentionSlack(RULES);
    private static final int MAX_PARALLELISM = JobConfig.MAX_PARALLELISM;

    private KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> harness;

    private static KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> newHarness(
            int maxBuffered, int parallelism, int subtask) throws Exception {
        return newHarness(maxBuffered, parallelism, subtask, null);
    }

    /**
     * @param table null: the heap backend, where the operator keeps no order table; otherwise
     *     RocksDB with these table limits ({@link OrderTable.Limits#OFF}: RocksDB without a table)
     */
    static KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> newHarness(
            int maxBuffered, int parallelism, int subtask, OrderTable.Limits table) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord>(
                new ReconcileOperator(RULES, maxBuffered, false, table == null ? OrderTable.Limits.OFF : table),
                e -> e.orderId,
                Types.STRING,
                MAX_PARALLELISM,
                parallelism,
                subtask);
        if (table != null) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        return h;
    }

    static KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> newHarness()
            throws Exception {
        return newHarness(ReconcileOperator.DEFAULT_MAX_BUFFERED_EVENTS, 1, 0);
    }

    @BeforeEach
    void start() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    private void send(PaymentEvent e) throws Exception {
        send(harness, e);
    }

    static void send(KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> h, PaymentEvent e)
            throws Exception {
        h.processElement(new StreamRecord<>(e, e.eventTime));
    }

    /** As the task does it: the operator's pre-barrier hook, then the snapshot. */
    static OperatorSubtaskState checkpoint(
            KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> h, long id)
            throws Exception {
        h.prepareSnapshotPreBarrier(id);
        return h.snapshot(id, id);
    }

    static int buffered(KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> h) {
        return ((ReconcileOperator) h.getOperator()).bufferedEvents();
    }

    /** The order's state as the snapshot will hold it. */
    static OrderState stateOf(
            KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> h, String order)
            throws Exception {
        KeyedStateBackend<Object> backend = ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
        backend.setCurrentKey(order);
        ValueState<OrderState> state = backend.getPartitionedState(
                VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE,
                new ValueStateDescriptor<>("order", FlinkTypes.of(OrderState.class)));
        return state.value();
    }

    private List<ReconciledRecord> reconciled() {
        return harness.extractOutputValues();
    }

    private List<String> exceptions() {
        return exceptions(harness);
    }

    private static List<String> exceptions(
            KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> h) {
        return h.getSideOutput(ReconcileOperator.EXCEPTIONS) == null
                ? List.of()
                : h.getSideOutput(ReconcileOperator.EXCEPTIONS).stream()
                        .map(r -> r.getValue().exceptionId + " " + r.getValue().state)
                        .collect(Collectors.toList());
    }

    @Test
    void eventsWaitOnTheHeapForTheWatermarkThenMatch() throws Exception {
        send(credit("c", 3)); // the credit arrives first, as events of one order may
        send(debit("d", 0));
        assertThat(reconciled()).isEmpty();
        assertThat(buffered(harness)).isEqualTo(2);
        assertThat(harness.numKeyedStateEntries())
                .as("nothing in keyed state yet")
                .isZero();
        assertThat(harness.numEventTimeTimers())
                .as("the watermark drives buffered events")
                .isZero();

        harness.processWatermark(at(2.999)); // the debit is applied: the order waits for its credit
        assertThat(reconciled()).as("the credit is not yet in event time").isEmpty();
        assertThat(buffered(harness)).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).as("the debit's deadline").isEqualTo(1);

        harness.processWatermark(at(3));
        assertThat(reconciled())
                .extracting(r -> r.debitEventId + "+" + r.creditEventId)
                .containsExactly("d+c");
        assertThat(buffered(harness)).isZero();
        assertThat(harness.numEventTimeTimers())
                .as("only the retention timer is left")
                .isEqualTo(1);
        assertThat(stateOf(harness, "o-42").scheduledWakeUp)
                .as("registered late by the slack")
                .isEqualTo(at(3) + RETENTION + SLACK);
    }

    @Test
    void anEarlierArrivalTouchesNeitherStateNorTimers() throws Exception {
        send(debit("d", 5));
        send(credit("c", 4));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        harness.processWatermark(at(4.5)); // the credit is applied alone, the debit still waits
        send(credit("c-late", 3)); // behind the watermark: applied at once, a second credit (rule 2)
        assertThat(exceptions()).containsExactly("o-42:DUPLICATE_CREDIT:c-late OPEN");
        harness.processWatermark(at(5));
        assertThat(reconciled())
                .extracting(r -> r.debitEventId + "+" + r.creditEventId)
                .containsExactly("d+c");
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void unmatchedSideIsFlaggedWhenEventTimePassesTheDeadline() throws Exception {
        send(debit("d", 0));
        harness.processWatermark(at(599.999));
        assertThat(exceptions()).isEmpty();
        harness.processWatermark(at(600));
        assertThat(exceptions()).containsExactly("o-42:UNMATCHED_DEBIT OPEN");
    }

    @Test
    void stateAndTimersAreGoneAfterRetention() throws Exception {
        send(debit("d", 0));
        send(credit("c", 1));
        send(debit("d2", 2)); // a double charge, recorded too
        harness.processWatermark(at(10));
        // One value: a small order keeps its recorded ids and closed movement inline (contract v3).
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        harness.processWatermark(at(2) + RETENTION - 1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        harness.processWatermark(at(2) + RETENTION + SLACK);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aRetentionTimerFiringLateChangesNoOutput() throws Exception {
        send(debit("d", 0));
        send(credit("c", 1));
        harness.processWatermark(at(1));
        assertThat(reconciled()).hasSize(1);

        // Past retention, before the late timer: the order is already forgotten for what comes next.
        harness.processWatermark(at(1) + RETENTION + SLACK / 2);
        assertThat(harness.numKeyedStateEntries())
                .as("still there: its timer is late")
                .isEqualTo(1);
        send(debit("d", 0)); // late; after retention an old id starts afresh (rule 7), not a duplicate
        harness.processWatermark(at(1) + RETENTION + SLACK / 2 + 1);
        assertThat(exceptions()).as("its deadline is long past").containsExactly("o-42:UNMATCHED_DEBIT OPEN");
    }

    @Test
    void laterEventsWithinTheSlackLeaveTheRetentionTimerWhereItIs() throws Exception {
        // Lifecycle events only: no money (rule 12), whose own retention would hold the timer.
        send(lifecycle("l0", EventType.ORDER_CONFIRMED, 1));
        harness.processWatermark(at(1));
        long timer = stateOf(harness, "o-42").scheduledWakeUp;
        assertThat(timer).isEqualTo(at(1) + RETENTION + SLACK);

        send(lifecycle("l1", EventType.ORDER_PAYMENT_SUCCESS, 60));
        harness.processWatermark(at(60));
        assertThat(stateOf(harness, "o-42").scheduledWakeUp)
                .as("retention moved 59 s, within the slack")
                .isEqualTo(timer);

        double beyond = 1 + SLACK / 1000.0 + 1; // retention from here is past the timer
        send(lifecycle("l2", EventType.ORDER_SHIPPED, beyond));
        harness.processWatermark(at(beyond));
        assertThat(stateOf(harness, "o-42").scheduledWakeUp)
                .as("moved: retention passed the timer")
                .isEqualTo(at(beyond) + RETENTION + SLACK);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void unmatchedOrdersLeaveNoStateEither() throws Exception {
        send(credit("c", 0));
        harness.processWatermark(Long.MAX_VALUE); // end of input: rule 8
        assertThat(exceptions()).containsExactly("o-42:UNMATCHED_CREDIT OPEN");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void lateEventIsAppliedOnArrivalAndCounted() throws Exception {
        send(debit("d", 0));
        harness.processWatermark(at(1000));
        assertThat(exceptions()).containsExactly("o-42:UNMATCHED_DEBIT OPEN");

        send(credit("c", 30)); // behind the watermark: late (rule 10)
        assertThat(reconciled()).extracting(r -> r.late).containsExactly(true);
        assertThat(exceptions()).containsExactly("o-42:UNMATCHED_DEBIT OPEN", "o-42:UNMATCHED_DEBIT RESOLVED");
    }

    @Test
    void aLateFirstSideIsStillFlaggedAtItsDeadline() throws Exception {
        harness.processWatermark(at(10_000));
        send(debit("d", 0)); // late, and its deadline is already behind event time
        assertThat(exceptions()).isEmpty();
        harness.processWatermark(at(10_001));
        assertThat(exceptions()).containsExactly("o-42:UNMATCHED_DEBIT OPEN");
    }

    @Test
    void openPairSurvivesSnapshotAndRestore() throws Exception {
        send(debit("d", 0));
        send(credit("c-pending", 5)); // still buffered: ahead of the watermark
        harness.processWatermark(at(1));
        OperatorSubtaskState snapshot = checkpoint(harness, 1L);
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        assertThat(harness.numEventTimeTimers()).as("the timer is restored").isEqualTo(1);
        send(debit("d", 0)); // a redelivery after the restore is still a duplicate
        harness.processWatermark(at(5));
        List<ReconciledRecord> out = reconciled();
        assertThat(out).extracting(r -> r.debitEventId + "+" + r.creditEventId).containsExactly("d+c-pending");
        assertThat(exceptions()).isEmpty();
    }

    /**
     * {@code flink stop --drain} on an endless input: the final watermark flags nothing and forgets
     * nothing, and the resumed job writes exactly what an uninterrupted one would (issue 21). On a
     * bounded input the same watermark is the end of input and flags the waiting side.
     */
    @ParameterizedTest(name = "endless input: {0}")
    @ValueSource(booleans = {true, false})
    void aDrainOfAnEndlessInputIsAPauseNotTheEndOfTime(boolean endless) throws Exception {
        harness.close();
        harness = drainable(endless);
        harness.open();
        send(debit("d1", "m1", Kind.PAYMENT, "10.00", "EUR", 0));
        send(debit("d2", "m2", Kind.PAYMENT, "20.00", "EUR", 1));
        send(credit("c1", "m1", Kind.PAYMENT, "10.00", "EUR", null, 5)); // waits on the heap
        harness.processWatermark(at(1));

        harness.processWatermark(Long.MAX_VALUE); // the drain
        harness.endInput();
        OperatorSubtaskState savepoint = checkpoint(harness, 1L);
        if (!endless) {
            assertThat(exceptions())
                    .as("end of input: every deadline passed")
                    .containsExactly("o-42:UNMATCHED_DEBIT:m2 OPEN");
            return;
        }
        assertThat(exceptions()).as("nothing flagged at the drain").isEmpty();
        assertThat(reconciled()).as("event time did not jump").isEmpty();
        assertThat(harness.getOutput()).as("the final watermark stops here").containsExactly(new Watermark(at(1)));
        harness.close();

        harness = drainable(true);
        harness.initializeState(savepoint);
        harness.open();
        send(credit("c2", "m2", Kind.PAYMENT, "20.00", "EUR", null, 300)); // within the match window
        harness.processWatermark(at(300));
        assertThat(reconciled())
                .extracting(r -> r.debitEventId + "+" + r.creditEventId)
                .containsExactly("d1+c1", "d2+c2");
        assertThat(exceptions()).as("the pair resolved: no UNMATCHED, ever").isEmpty();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> drainable(
            boolean endless) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new ReconcileOperator(RULES, ReconcileOperator.DEFAULT_MAX_BUFFERED_EVENTS, endless),
                e -> e.orderId,
                Types.STRING,
                MAX_PARALLELISM,
                1,
                0);
    }

    @Test
    void beforeTheBarrierTheBufferGoesIntoStateAsThePreviousReleaseKeptIt() throws Exception {
        send(debit("d", 0));
        send(credit("c", 7));
        send(lifecycle("l", EventType.ORDER_CONFIRMED, 5));
        harness.processWatermark(at(1)); // the debit is applied; the credit and the lifecycle event wait
        assertThat(buffered(harness)).isEqualTo(2);

        harness.prepareSnapshotPreBarrier(1L);
        assertThat(buffered(harness)).isZero();
        OrderState state = stateOf(harness, "o-42");
        assertThat(state.pending)
                .extracting(e -> e.eventId)
                .as("in sequence order")
                .containsExactly("l", "c");
        assertThat(state.openMovements).extracting(m -> m.side.eventId).containsExactly("d");
        assertThat(state.scheduledWakeUp)
                .as("the one timer at the earliest pending event")
                .isEqualTo(at(5));
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(at(7)); // the timer (and the watermark) finish it as before
        assertThat(reconciled())
                .extracting(r -> r.debitEventId + "+" + r.creditEventId + " " + r.orderStatus)
                .containsExactly("d+c ORDER_CONFIRMED");
    }

    @Test
    void aStalledWatermarkBuffersOnlyUpToTheBoundThenUsesKeyedState() throws Exception {
        harness.close();
        harness = newHarness(3, 1, 0);
        harness.open();
        for (int i = 0; i < 5; i++) { // no watermark at all: as if one partition never advanced
            send(new PaymentEvent("d" + i, "o" + i, EventType.DEBIT, "1.00", "EUR", at(i)));
        }
        assertThat(buffered(harness)).as("the bound").isEqualTo(3);
        assertThat(harness.numKeyedStateEntries())
                .as("the rest waits in keyed state")
                .isEqualTo(2);
        assertThat(harness.numEventTimeTimers()).isEqualTo(2);

        send(new PaymentEvent("c0", "o0", EventType.CREDIT, "1.00", "EUR", at(0.5))); // buffered order: goes with it
        assertThat(buffered(harness)).isEqualTo(2);
        for (int i = 1; i < 5; i++) {
            send(new PaymentEvent("c" + i, "o" + i, EventType.CREDIT, "1.00", "EUR", at(i + 0.5)));
        }
        harness.processWatermark(at(10));
        assertThat(reconciled()).extracting(r -> r.orderId).containsExactlyInAnyOrder("o0", "o1", "o2", "o3", "o4");
        assertThat(exceptions()).isEmpty();
        assertThat(buffered(harness)).isZero();
    }

    @Test
    void theBufferedEventsGaugeReadsTheBuffer() throws Exception {
        Map<String, Gauge<?>> gauges = new HashMap<>();
        MetricGroup group = new UnregisteredMetricsGroup() {
            @Override
            public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
                gauges.put(name, gauge);
                return gauge;
            }
        };
        send(debit("d", 0));
        send(credit("c", 1));
        ReconcileMetrics.bufferedEvents(group, ((ReconcileOperator) harness.getOperator())::bufferedEvents);
        assertThat(gauges.get("buffered_events").getValue()).isEqualTo(2);
        harness.processWatermark(at(1));
        assertThat(gauges.get("buffered_events").getValue()).isEqualTo(0);
    }

    // ---- the same output however events arrive, are buffered, checkpointed and rescaled ----

    /** A generated day of traffic: pairs, lone sides, mismatches, duplicates, lifecycle. */
    static List<PaymentEvent> traffic(Random random, int orders) {
        List<PaymentEvent> events = new ArrayList<>();
        for (int o = 0; o < orders; o++) {
            String order = "order-" + o;
            double t = o * 0.7;
            int kind = random.nextInt(6);
            if (kind != 1) {
                events.add(new PaymentEvent(order + "-d", order, EventType.DEBIT, "10.00", "EUR", at(t)));
            }
            if (kind != 2) {
                String amount = kind == 3 ? "11.00" : "10.0";
                events.add(new PaymentEvent(
                        order + "-c", order, EventType.CREDIT, amount, "EUR", at(t + random.nextInt(3000) / 1000.0)));
            }
            if (kind == 4) {
                events.add(new PaymentEvent(order + "-d", order, EventType.DEBIT, "10.00", "EUR", at(t))); // redelivery
                events.add(new PaymentEvent(order + "-d2", order, EventType.DEBIT, "10.00", "EUR", at(t + 1)));
            }
            if (kind == 5) {
                events.add(PaymentEvent.lifecycle(order + "-l1", order, EventType.ORDER_CONFIRMED, at(t + 0.2)));
                events.add(PaymentEvent.lifecycle(order + "-l2", order, EventType.ORDER_SHIPPED, at(t + 0.4)));
            }
        }
        return events;
    }

    /** Arrival order: shuffled within a window of about 4 s of event time. */
    static List<PaymentEvent> arrivals(Random random, List<PaymentEvent> events) {
        // One arrival time per event, drawn once: a comparator drawing at each comparison breaks the sort.
        Map<PaymentEvent, Long> arrival = new IdentityHashMap<>();
        for (PaymentEvent e : events) {
            arrival.put(e, e.eventTime + random.nextInt(4000));
        }
        List<PaymentEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparingLong(arrival::get));
        return sorted;
    }

    /** Output as comparable lines, sorted (order across orders is free; within an order it is the rules'). */
    static List<String> outputOf(
            List<KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord>> harnesses,
            List<String> earlier) {
        List<String> lines = new ArrayList<>(earlier);
        for (var h : harnesses) {
            lines.addAll(lines(h));
        }
        Collections.sort(lines);
        return lines;
    }

    static List<String> lines(KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> h) {
        List<String> lines = new ArrayList<>();
        for (ReconciledRecord r : h.extractOutputValues()) {
            lines.add("R " + r);
        }
        if (h.getSideOutput(ReconcileOperator.EXCEPTIONS) != null) {
            for (StreamRecord<ExceptionRecord> r : h.getSideOutput(ReconcileOperator.EXCEPTIONS)) {
                lines.add("E " + r.getValue().exceptionId + " " + r.getValue().state + " " + r.getValue().detectedTime
                        + " " + r.getValue().eventIds);
            }
        }
        return lines;
    }

    /**
     * Runs the arrivals through {@code parallelism} subtasks, each event to the subtask of its key
     * group, a watermark after every {@code watermarkEvery} events (the latest time no unsent event is
     * at or behind: nothing is late), and at the end event time's end.
     */
    static void run(
            List<KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord>> hs,
            List<PaymentEvent> arrivals,
            int from,
            int to,
            int watermarkEvery)
            throws Exception {
        for (int i = from; i < to; i++) {
            PaymentEvent e = arrivals.get(i);
            send(hs.get(KeyGroupRangeAssignment.assignKeyToParallelOperator(e.orderId, MAX_PARALLELISM, hs.size())), e);
            if ((i + 1) % watermarkEvery == 0) {
                long watermark = Long.MAX_VALUE;
                for (int j = i + 1; j < arrivals.size(); j++) {
                    watermark = Math.min(watermark, arrivals.get(j).eventTime - 1);
                }
                for (var h : hs) {
                    h.processWatermark(watermark);
                }
            }
        }
    }

    private static List<KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord>> open(
            int parallelism, int maxBuffered, OperatorSubtaskState restored, int restoredParallelism) throws Exception {
        return open(parallelism, maxBuffered, restored, restoredParallelism, null);
    }

    static List<KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord>> open(
            int parallelism,
            int maxBuffered,
            OperatorSubtaskState restored,
            int restoredParallelism,
            OrderTable.Limits table)
            throws Exception {
        List<KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord>> hs = new ArrayList<>();
        for (int i = 0; i < parallelism; i++) {
            var h = newHarness(maxBuffered, parallelism, i, table);
            if (restored != null) {
                h.initializeState(AbstractStreamOperatorTestHarness.repartitionOperatorState(
                        restored, MAX_PARALLELISM, restoredParallelism, parallelism, i));
            }
            h.open();
            hs.add(h);
        }
        return hs;
    }

    /** A small table, so that orders leave it both ways (idle and size) many times in a run. */
    static final OrderTable.Limits SMALL_TABLE = new OrderTable.Limits(7, 5_000);

    static Stream<Arguments> rescales() {
        return Stream.of(
                // seed, buffer bound, parallelism before, after, watermark every n events, order tables
                Arguments.of(1L, ReconcileOperator.DEFAULT_MAX_BUFFERED_EVENTS, 1, 2, 7, "heap"),
                Arguments.of(2L, ReconcileOperator.DEFAULT_MAX_BUFFERED_EVENTS, 2, 1, 13, "heap"),
                Arguments.of(3L, ReconcileOperator.DEFAULT_MAX_BUFFERED_EVENTS, 2, 3, 50, "heap"),
                Arguments.of(4L, 5, 1, 2, 11, "heap"),
                Arguments.of(5L, 0, 2, 1, 9, "heap"),
                // Issue 22: the order table's snapshots are the same as without it, either way round.
                Arguments.of(6L, ReconcileOperator.DEFAULT_MAX_BUFFERED_EVENTS, 1, 2, 7, "small table -> none"),
                Arguments.of(7L, ReconcileOperator.DEFAULT_MAX_BUFFERED_EVENTS, 2, 1, 13, "none -> suggested table"),
                Arguments.of(8L, 5, 2, 3, 11, "suggested table -> small table"));
    }

    private static OrderTable.Limits[] tables(String tables) {
        if (tables.equals("heap")) {
            return new OrderTable.Limits[] {null, null};
        }
        String[] sides = tables.split(" -> ");
        OrderTable.Limits[] limits = new OrderTable.Limits[2];
        for (int i = 0; i < 2; i++) {
            limits[i] = switch (sides[i]) {
                case "none" -> OrderTable.Limits.OFF;
                case "small table" -> SMALL_TABLE;
                case "suggested table" -> OrderTable.Limits.SUGGESTED;
                default -> throw new IllegalArgumentException(sides[i]);
            };
        }
        return limits;
    }

    /**
     * Checkpoint mid-stream while events wait in the heap buffer, restore at another parallelism, and
     * finish: the output equals one uninterrupted run, nothing lost, nothing twice.
     */
    @ParameterizedTest(name = "seed {0}, bound {1}: p={2} -> p={3}, {5}")
    @MethodSource("rescales")
    void restoringAtAnotherParallelismLosesAndDuplicatesNothing(
            long seed, int maxBuffered, int before, int after, int watermarkEvery, String tables) throws Exception {
        OrderTable.Limits[] table = tables(tables);
        List<PaymentEvent> arrivals = arrivals(new Random(seed), traffic(new Random(seed), 400));

        var reference = open(1, 0, null, 0); // every event through keyed state, as the previous release did
        run(reference, arrivals, 0, arrivals.size(), watermarkEvery);
        reference.get(0).processWatermark(Long.MAX_VALUE);
        List<String> expected = outputOf(reference, List.of());
        reference.get(0).close();
        assertThat(expected)
                .anyMatch(l -> l.contains("UNMATCHED"))
                .anyMatch(l -> l.contains("AMOUNT_MISMATCH"))
                .anyMatch(l -> l.contains("DUPLICATE_DEBIT"))
                .anyMatch(l -> l.startsWith("R "));

        var first = open(before, maxBuffered, null, 0, table[0]);
        int cut = arrivals.size() / 2;
        run(first, arrivals, 0, cut, watermarkEvery);
        int waiting = 0;
        for (var h : first) {
            waiting += buffered(h);
        }
        if (maxBuffered > 0) {
            assertThat(waiting).as("events wait on the heap at the checkpoint").isPositive();
        }
        List<OperatorSubtaskState> snapshots = new ArrayList<>();
        List<String> emitted = new ArrayList<>();
        for (var h : first) {
            snapshots.add(checkpoint(h, 1L));
            emitted.addAll(lines(h)); // what the first run emitted up to the barrier
            h.close();
        }
        OperatorSubtaskState merged =
                AbstractStreamOperatorTestHarness.repackageState(snapshots.toArray(new OperatorSubtaskState[0]));

        var second = open(after, maxBuffered, merged, before, table[1]);
        // The watermark is not part of a snapshot: the first one after the restore comes from the source.
        run(second, arrivals, cut, arrivals.size(), watermarkEvery);
        for (var h : second) {
            h.processWatermark(Long.MAX_VALUE);
        }
        assertThat(outputOf(second, emitted)).isEqualTo(expected);
        for (var h : second) {
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(keyedStateEntries(h)).isZero();
            h.close();
        }
    }

    /** Keys with a value in any of the operator's keyed states (the harness counts only on the heap backend). */
    static long keyedStateEntries(KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> h)
            throws Exception {
        KeyedStateBackend<Object> backend = ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
        if (!backend.isSafeToReuseKVState()) {
            return h.numKeyedStateEntries();
        }
        long entries = 0;
        for (String state : List.of("order", "recorded-ids", "closed-movements")) {
            try (Stream<Object> keys = backend.getKeys(state, VoidNamespace.INSTANCE)) {
                entries += keys.count();
            }
        }
        return entries;
    }

    @Test
    void exceptionsGoToTheSideOutputWithTheirRecords() throws Exception {
        send(debit("d", "10.00", "USD", 0));
        send(credit("c", "10.00", "EUR", 1));
        harness.processWatermark(at(1));
        ExceptionRecord e =
                harness.getSideOutput(ReconcileOperator.EXCEPTIONS).peek().getValue();
        assertThat(e.exceptionId).isEqualTo("o-42:CURRENCY_MISMATCH");
        assertThat(e.state).isEqualTo(AlertState.OPEN);
        assertThat(e.eventIds).containsExactly("d", "c");
    }
}
