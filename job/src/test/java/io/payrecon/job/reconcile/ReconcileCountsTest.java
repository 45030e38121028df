package io.payrecon.job.reconcile;

import static io.payrecon.matching.Events.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.job.config.JobConfig;
import io.payrecon.matching.MatchingRules;
import io.payrecon.model.EventType;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.OperatorIOMetricGroup;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The operator's cost counters (issue 22: state loads by path, stores, timers, the buffer) count
 * exactly what a scripted scenario makes the real operator do, read by their metric names.
 */
class ReconcileCountsTest {
    /** The defaults, as ReconcileOperatorTest uses them: a 10-minute match window, 7 days' retention. */
    private static final MatchingRules RULES = new MatchingRules(
            MatchingRules.DEFAULT_MATCH_WINDOW,
            MatchingRules.DEFAULT_RETENTION,
            MatchingRules.DEFAULT_AMOUNT_TOLERANCE,
            MatchingRules.DEFAULT_RETENTION,
            MatchingRules.DEFAULT_MAX_EVENTS_PER_ORDER);

    /** Every metric by its full name below the operator's group, groups joined by dots (as the web UI). */
    static final class RecordingGroup extends UnregisteredMetricsGroup implements OperatorMetricGroup {
        private final Map<String, Metric> metrics;
        private final String prefix;

        RecordingGroup(Map<String, Metric> metrics, String prefix) {
            this.metrics = metrics;
            this.prefix = prefix;
        }

        @Override
        public Counter counter(String name) {
            return counter(name, new SimpleCounter());
        }

        @Override
        public <C extends Counter> C counter(String name, C counter) {
            metrics.put(prefix + name, counter);
            return counter;
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            metrics.put(prefix + name, gauge);
            return gauge;
        }

        @Override
        public <H extends Histogram> H histogram(String name, H histogram) {
            metrics.put(prefix + name, histogram);
            return histogram;
        }

        @Override
        public MetricGroup addGroup(String name) {
            return new RecordingGroup(metrics, prefix + name + ".");
        }

        @Override
        public MetricGroup addGroup(String key, String value) {
            return new RecordingGroup(metrics, prefix + key + "." + value + ".");
        }

        @Override
        public OperatorIOMetricGroup getIOMetricGroup() {
            return UnregisteredMetricGroups.createUnregisteredOperatorMetricGroup()
                    .getIOMetricGroup();
        }
    }

    /** The real operator, its metrics registered where the test can read them. */
    static final class CountedOperator extends ReconcileOperator {
        private static final long serialVersionUID = 1L;
        final transient Map<String, Metric> metrics = new TreeMap<>();
        private final transient RecordingGroup group = new RecordingGroup(metrics, "");

        CountedOperator(MatchingRules rules, int maxBufferedEvents) {
            super(rules, maxBufferedEvents);
        }

        CountedOperator(MatchingRules rules, int maxBufferedEvents, OrderTable.Limits table) {
            super(rules, maxBufferedEvents, false, table);
        }

        @Override
        public OperatorMetricGroup getMetricGroup() {
            return group;
        }

        /** The counters and gauges of issue 22 (and the rules' counts the scenario also moves). */
        Map<String, Long> counts() {
            Map<String, Long> counts = new TreeMap<>();
            metrics.forEach((name, metric) -> {
                if (metric instanceof Counter c) {
                    counts.put(name, c.getCount());
                } else if (metric instanceof Gauge<?> g && g.getValue() instanceof Number n) {
                    counts.put(name, n.longValue());
                }
            });
            return counts;
        }
    }

    private static PaymentEvent event(String id, String order, EventType type, double seconds) {
        return new PaymentEvent(id, order, type, "10.00", "EUR", at(seconds));
    }

    @Test
    void countsEveryStateAndTimerOperationOfAScriptedScenario() throws Exception {
        CountedOperator operator = new CountedOperator(RULES, 3);
        try (KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        operator, e -> e.orderId, Types.STRING, JobConfig.MAX_PARALLELISM, 1, 0)) {
            h.open();
            // Three events ahead of the watermark fill the buffer (bound 3): no state touched.
            send(h, event("a-d", "A", EventType.DEBIT, 0));
            send(h, event("a-c", "A", EventType.CREDIT, 1));
            send(h, event("b-d", "B", EventType.DEBIT, 0.5));
            // The fourth finds it full: through state on arrival, pending there, so C's timer is set
            // for its event time (2 s).
            send(h, event("c-d", "C", EventType.DEBIT, 2));
            // A watermark makes A and B due: one load each; A is matched (its retention timer), B
            // waits (its match deadline). Then C's timer fires: a load, its debit applied, its
            // deadline timed.
            h.processWatermark(at(5));
            // B's credit behind the watermark: late, through state; B's timer moves from its
            // deadline to its retention point (a delete and a register).
            send(h, event("b-c", "B", EventType.CREDIT, 0.7));
            // D waits in the buffer until the barrier moves it into state, pending: timed for 10 s.
            send(h, event("d-d", "D", EventType.DEBIT, 10));
            h.prepareSnapshotPreBarrier(1);
            h.snapshot(1, 1);
            // D's timer (10 s) fires: its debit applied, its deadline (10 min 10 s) timed. Then C's
            // deadline (10 min 2 s) fires: C is flagged and timed again for its retention.
            h.processWatermark(at(2 + 600 + 1));
            // E waits in the buffer until the end of the input moves it into state (timed for 700 s).
            send(h, event("e-d", "E", EventType.DEBIT, 700));
            h.endInput();

            // Loads: arrival C; watermark A, B; timer C, D, C; late B; barrier D; end of input E.
            // Every load is followed by one store (nothing emptied). Timers registered: C 2 s, A
            // retention, B deadline, C deadline, B retention (its deadline deleted), D 10 s, D
            // deadline, C retention, E 700 s. No order has over 16 ids: map state untouched.
            Map<String, Long> counts = operator.counts();
            assertThat(counts)
                    .as("all counters at the end: %s", counts)
                    .containsEntry("events_in", 7L)
                    .containsEntry("state_loads.path.arrival.count", 1L)
                    .containsEntry("state_loads.path.watermark.count", 2L)
                    .containsEntry("state_loads.path.late.count", 1L)
                    .containsEntry("state_loads.path.barrier.count", 1L)
                    .containsEntry("state_loads.path.timer.count", 3L)
                    .containsEntry("state_loads.path.end_of_input.count", 1L)
                    .containsEntry("state_stores", 9L)
                    .containsEntry("state_clears", 0L)
                    .containsEntry("timers_registered", 9L)
                    .containsEntry("timers_deleted", 1L)
                    .containsEntry("timers_fired", 3L)
                    .containsEntry("recorded_id_reads", 0L)
                    .containsEntry("recorded_id_writes", 0L)
                    .containsEntry("buffer_full_arrivals", 1L)
                    .containsEntry("buffered_events_max", 3L)
                    .containsEntry("buffered_events", 0L)
                    .containsEntry("late_events", 1L)
                    .containsEntry("reconciled", 2L)
                    .containsEntry("exceptions.type.UNMATCHED_DEBIT.state.OPEN.count", 1L);
        }
    }

    @Test
    void countsTheMapStateOfABusyOrder() throws Exception {
        CountedOperator operator = new CountedOperator(RULES, 100);
        try (KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        operator, e -> e.orderId, Types.STRING, JobConfig.MAX_PARALLELISM, 1, 0)) {
            h.open();
            for (int i = 0; i < 18; i++) {
                send(h, event("z-" + i, "Z", EventType.DEBIT, i));
            }
            h.processWatermark(at(20));

            // 16 ids inline; the 17th moves all 17 into map state (17 puts); the 18th is looked up
            // there (1 get) and put (1 put). One load and one store of the value for all of them.
            Map<String, Long> counts = operator.counts();
            assertThat(counts)
                    .as("all counters at the end: %s", counts)
                    .containsEntry("events_in", 18L)
                    .containsEntry("buffered_events_max", 18L)
                    .containsEntry("state_loads.path.watermark.count", 1L)
                    .containsEntry("state_stores", 1L)
                    .containsEntry("recorded_id_reads", 1L)
                    .containsEntry("recorded_id_writes", 18L);
        }
    }

    private static void send(
            KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> h, PaymentEvent e)
            throws Exception {
        h.processElement(new StreamRecord<>(e, e.eventTime));
    }
}
