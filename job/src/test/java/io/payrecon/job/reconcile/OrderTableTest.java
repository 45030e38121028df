package io.payrecon.job.reconcile;

import static io.payrecon.matching.Events.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.job.config.JobConfig;
import io.payrecon.job.reconcile.ReconcileCountsTest.CountedOperator;
import io.payrecon.matching.MatchingRules;
import io.payrecon.matching.OrderState;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 22, the order table: its eviction rule, and that the operator with it writes the same
 * records at the same watermarks and leaves the same state and timers at every barrier as without
 * it, while reading state less. (That its snapshots restore either way round, rescaled, is in
 * {@code ReconcileOperatorTest#restoringAtAnotherParallelismLosesAndDuplicatesNothing}.)
 */
class OrderTableTest {
    private static final MatchingRules RULES = ReconcileOperatorTest.RULES;

    private static OrderTable.Entry entry(String order, long touched) {
        return new OrderTable.Entry(order, new OrderState(), touched);
    }

    private static List<String> ids(List<OrderTable.Entry> entries) {
        return entries.stream().map(e -> e.orderId).toList();
    }

    // ---- the rule ----

    @Test
    void anOrderQuietForTheIdleTimeLeavesAtTheWatermark() {
        OrderTable table = new OrderTable(new OrderTable.Limits(10, 1_000));
        table.admit(entry("a", 0));
        table.admit(entry("b", 500));
        table.admit(entry("c", 999));
        table.find("a").lastTouch = 1_200; // touched again: now the most recent

        assertThat(table.removeIdle(Long.MIN_VALUE)).as("no watermark yet").isEmpty();
        assertThat(ids(table.removeIdle(1_499)))
                .as("b is quiet for 999 ms only")
                .isEmpty();
        assertThat(ids(table.removeIdle(1_500))).containsExactly("b");
        assertThat(ids(table.removeIdle(2_200))).containsExactly("c", "a");
        assertThat(table.size()).isZero();
    }

    @Test
    void beyondItsSizeTheLeastRecentlyTouchedOrderLeaves() {
        OrderTable table = new OrderTable(new OrderTable.Limits(2, 60_000));
        assertThat(table.admit(entry("a", 0))).isEmpty();
        assertThat(table.admit(entry("b", 0))).isEmpty();
        table.find("a");
        assertThat(ids(table.admit(entry("c", 0)))).containsExactly("b");
        assertThat(table.find("b")).isNull();
        assertThat(table.find("a")).isNotNull();
        assertThat(table.size()).isEqualTo(2);
    }

    @Test
    void onlyChangedOrdersAreWrittenBackAndAllStay() {
        OrderTable table = new OrderTable(new OrderTable.Limits(10, 60_000));
        table.admit(entry("a", 0));
        table.admit(entry("b", 0));
        table.find("b").dirty = true;
        assertThat(ids(table.dirty())).containsExactly("b");
        assertThat(table.size()).isEqualTo(2);
    }

    // ---- the operator with and without it ----

    private static KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> rocksDb(
            CountedOperator operator) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord>(
                operator, e -> e.orderId, Types.STRING, JobConfig.MAX_PARALLELISM, 1, 0);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        h.open();
        return h;
    }

    /** What one step emitted: the harness's lines after the step, less those before it. */
    private static List<String> step(
            KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> h, List<String> before) {
        List<String> now = ReconcileOperatorTest.lines(h);
        List<String> emitted = new ArrayList<>(now.subList(before.size(), now.size()));
        before.clear();
        before.addAll(now);
        return emitted;
    }

    @ParameterizedTest(name = "seed {0}, table of {1} orders, idle {2} ms, buffer {3}, watermark every {4}")
    @CsvSource({"11, 7, 5000, 100000, 9", "12, 20000, 60000, 100000, 25", "13, 3, 1000, 4, 5", "14, 50, 300000, 0, 17"})
    void withTheTableTheSameRecordsLeaveAtTheSameWatermarksAndEveryBarrierLeavesTheSameState(
            long seed, int size, long idle, int maxBuffered, int watermarkEvery) throws Exception {
        List<PaymentEvent> arrivals =
                ReconcileOperatorTest.arrivals(new Random(seed), ReconcileOperatorTest.traffic(new Random(seed), 300));
        TreeSet<String> orders = new TreeSet<>();
        arrivals.forEach(e -> orders.add(e.orderId));

        CountedOperator withoutOp = new CountedOperator(RULES, maxBuffered, OrderTable.Limits.OFF);
        CountedOperator withOp = new CountedOperator(RULES, maxBuffered, new OrderTable.Limits(size, idle));
        try (var without = rocksDb(withoutOp);
                var with = rocksDb(withOp)) {
            List<String> seenWithout = new ArrayList<>();
            List<String> seenWith = new ArrayList<>();
            long checkpoint = 0;
            for (int i = 0; i < arrivals.size(); i++) {
                PaymentEvent e = arrivals.get(i);
                ReconcileOperatorTest.send(without, e);
                ReconcileOperatorTest.send(with, e);
                assertThat(step(with, seenWith)).as("after event %d", i).isEqualTo(step(without, seenWithout));
                if ((i + 1) % watermarkEvery == 0) {
                    // The latest watermark, minus a little: some events later arrive behind it (late).
                    long watermark = e.eventTime - 1_500;
                    without.processWatermark(watermark);
                    with.processWatermark(watermark);
                    assertThat(step(with, seenWith))
                            .as("at watermark %d", watermark)
                            .isEqualTo(step(without, seenWithout));
                }
                if ((i + 1) % 97 == 0) {
                    checkpoint++;
                    ReconcileOperatorTest.checkpoint(without, checkpoint);
                    ReconcileOperatorTest.checkpoint(with, checkpoint);
                    assertThat(with.numEventTimeTimers()).isEqualTo(without.numEventTimeTimers());
                    for (String order : orders) {
                        OrderState expected = ReconcileOperatorTest.stateOf(without, order);
                        OrderState got = ReconcileOperatorTest.stateOf(with, order);
                        if (expected == null) {
                            assertThat(got)
                                    .as("order %s at checkpoint %d", order, checkpoint)
                                    .isNull();
                        } else {
                            assertThat(got)
                                    .as("order %s at checkpoint %d", order, checkpoint)
                                    .usingRecursiveComparison()
                                    .ignoringFields("memory", "view")
                                    .isEqualTo(expected);
                        }
                    }
                }
            }
            without.processWatermark(Long.MAX_VALUE);
            with.processWatermark(Long.MAX_VALUE);
            assertThat(step(with, seenWith)).isEqualTo(step(without, seenWithout));
            with.endInput();
            without.endInput();
            assertThat(seenWith)
                    .as("the traffic reaches every rule")
                    .anyMatch(l -> l.contains("UNMATCHED"))
                    .anyMatch(l -> l.contains("AMOUNT_MISMATCH"))
                    .anyMatch(l -> l.startsWith("R "));
            assertThat(ReconcileOperatorTest.keyedStateEntries(with)).isZero();
            assertThat(with.numEventTimeTimers()).isZero();

            Map<String, Long> off = withoutOp.counts();
            Map<String, Long> on = withOp.counts();
            assertThat(off.get("order_table_hits")).isZero();
            assertThat(on.get("order_table_hits"))
                    .as("counts with the table: %s", on)
                    .isPositive();
            assertThat(loads(on))
                    .as("state reads, with the table against without")
                    .isLessThan(loads(off));
            assertThat(on.get("state_stores") + on.get("state_clears"))
                    .as("state writes")
                    .isLessThan(off.get("state_stores") + off.get("state_clears"));
            assertThat(on.get("timers_registered")).isEqualTo(off.get("timers_registered"));
            assertThat(on.get("timers_deleted")).isEqualTo(off.get("timers_deleted"));
            if (size < 10) {
                assertThat(on.get("order_table_evictions.reason.size.count")).isPositive();
            }
            if (idle <= 5_000) {
                assertThat(on.get("order_table_evictions.reason.idle.count")).isPositive();
            }
            assertThat(on.get("order_table_orders"))
                    .as("the end of time empties the table")
                    .isZero();
        }
    }

    private static long loads(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .filter(c -> c.getKey().startsWith("state_loads."))
                .mapToLong(Map.Entry::getValue)
                .sum();
    }

    @Test
    void whenItsInputEndsTheOperatorPublishesItsCountsAsAccumulators() throws Exception {
        CountedOperator operator = new CountedOperator(RULES, 100, new OrderTable.Limits(5, 60_000));
        var h = rocksDb(operator);
        for (PaymentEvent e : ReconcileOperatorTest.traffic(new Random(5), 40)) {
            ReconcileOperatorTest.send(h, e);
            h.processWatermark(e.eventTime - 2_000);
        }
        h.processWatermark(Long.MAX_VALUE);
        h.endInput();
        h.close(); // finish(), then close(), as a task ends

        Map<String, Long> counts = operator.counts();
        Map<String, Object> accumulators = new java.util.TreeMap<>();
        h.getEnvironment()
                .getAccumulatorRegistry()
                .getUserMap()
                .forEach((name, a) -> accumulators.put(name, a.getLocalValue()));
        assertThat(accumulators)
                .containsEntry("events_in", counts.get("events_in"))
                .containsEntry("state_loads.path.watermark.count", counts.get("state_loads.path.watermark.count"))
                .containsEntry("state_loads.path.timer.count", counts.get("state_loads.path.timer.count"))
                .containsEntry("state_stores", counts.get("state_stores"))
                .containsEntry("timers_fired", counts.get("timers_fired"))
                .containsEntry("order_table_hits", counts.get("order_table_hits"))
                .containsEntry(
                        "order_table_evictions.reason.size.count",
                        counts.get("order_table_evictions.reason.size.count"))
                .containsEntry("buffered_events_max", counts.get("buffered_events_max"));
        assertThat(counts.get("order_table_hits")).isPositive();
        assertThat(counts.get("events_in")).isPositive();
    }

    @Test
    void onTheHeapBackendThereIsNoTable() throws Exception {
        CountedOperator operator = new CountedOperator(RULES, 100, OrderTable.Limits.SUGGESTED);
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord>(
                operator, e -> e.orderId, Types.STRING, JobConfig.MAX_PARALLELISM, 1, 0)) {
            h.open();
            for (PaymentEvent e : ReconcileOperatorTest.traffic(new Random(3), 20)) {
                ReconcileOperatorTest.send(h, e);
            }
            h.processWatermark(at(30));
            assertThat(operator.counts()).containsEntry("order_table_hits", 0L).containsEntry("order_table_orders", 0L);
        }
    }
}
