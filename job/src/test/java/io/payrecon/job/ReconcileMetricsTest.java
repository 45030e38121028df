package io.payrecon.job;

import static io.payrecon.matching.Events.at;
import static io.payrecon.matching.Events.credit;
import static io.payrecon.matching.Events.debit;
import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.matching.MatchingRules;
import io.payrecon.matching.OrderReconciler;
import io.payrecon.matching.OrderState;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.SimpleCounter;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.Test;

/**
 * The operator's metrics, by the names and groups README "Metrics" publishes (dashboards and alerts
 * read them), counting what the rules decide.
 */
class ReconcileMetricsTest {
    /** Keeps every metric under its full name below the operator's group, groups joined by dots. */
    private static final class RecordingGroup extends UnregisteredMetricsGroup {
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
    }

    private final Map<String, Metric> registered = new TreeMap<>();

    private long count(String name) {
        return ((Counter) registered.get(name)).getCount();
    }

    private Object gauge(String name) {
        return ((Gauge<?>) registered.get(name)).getValue();
    }

    @Test
    void registersTheDocumentedNamesAndGroups() {
        new ReconcileMetrics(new RecordingGroup(registered, ""), 0);
        assertThat(registered.keySet()).containsExactlyInAnyOrder(
                "events_in", "reconciled", "duplicates_dropped", "late_events", "open_pairs",
                "match_latency_ms", "event_time_lag_ms",
                "exceptions.UNMATCHED_DEBIT", "exceptions.UNMATCHED_CREDIT", "exceptions.AMOUNT_MISMATCH",
                "exceptions.CURRENCY_MISMATCH", "exceptions.DUPLICATE_DEBIT", "exceptions.DUPLICATE_CREDIT",
                "exceptions.INVALID_TRANSITION"); // MALFORMED_EVENT is counted by "Split malformed input"
    }

    @Test
    void countsWhatTheRulesDecide() {
        ReconcileMetrics metrics = new ReconcileMetrics(new RecordingGroup(registered, ""), 3);
        assertThat(gauge("open_pairs")).as("restored from the checkpoint").isEqualTo(3L);
        assertThat(gauge("event_time_lag_ms")).as("no watermark yet").isEqualTo(-1L);

        OrderReconciler rules = new OrderReconciler(MatchingRules.defaults());
        OrderState order = new OrderState();
        rules.applyLate(order, debit("d", 0), metrics);
        assertThat(gauge("open_pairs")).isEqualTo(4L);
        rules.applyLate(order, credit("c", 1), metrics);
        rules.applyLate(order, credit("c", 1), metrics); // the same id again: dropped
        rules.applyLate(order, debit("d2", 2), metrics);
        metrics.watermark(at(2));

        assertThat(count("reconciled")).isEqualTo(1);
        assertThat(count("duplicates_dropped")).isEqualTo(1);
        assertThat(count("exceptions.DUPLICATE_DEBIT")).isEqualTo(1);
        assertThat(gauge("open_pairs")).isEqualTo(3L);
        assertThat(metrics.openPairs()).isEqualTo(3L);
        assertThat(((Histogram) registered.get("match_latency_ms")).getCount()).isEqualTo(1);
        assertThat((Long) gauge("event_time_lag_ms")).isPositive();
    }
}
