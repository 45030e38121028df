package io.payrecon.job.reconcile;

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
import org.junit.jupiter.api.Test;

/**
 * The operator's metrics, by the names and groups README "Metrics" publishes (dashboards and alerts
 * read them), counting what the rules decide.
 */
class ReconcileMetricsTest {

    private final Map<String, Metric> registered = new TreeMap<>();

    private long count(String name) {
        return ((Counter) registered.get(name)).getCount();
    }

    private Object gauge(String name) {
        return ((Gauge<?>) registered.get(name)).getValue();
    }

    @Test
    void registersTheDocumentedNamesAndGroups() {
        new ReconcileMetrics(new ReconcileCountsTest.RecordingGroup(registered, ""), 0, 0, r -> {}, e -> {});
        assertThat(registered.keySet())
                .containsExactlyInAnyOrder(
                        "events_in",
                        "reconciled",
                        "duplicates_dropped",
                        "event_id_conflicts",
                        "late_events",
                        "events_overflowed",
                        "open_pairs",
                        "unmatched_open",
                        "match_latency_ms",
                        "state_loads.path.watermark.count",
                        "state_loads.path.timer.count",
                        "state_loads.path.late.count",
                        "state_loads.path.arrival.count",
                        "state_loads.path.barrier.count",
                        "state_loads.path.end_of_input.count",
                        "state_stores",
                        "state_clears",
                        "timers_registered",
                        "timers_deleted",
                        "timers_fired",
                        "recorded_id_reads",
                        "recorded_id_writes",
                        "closed_movement_reads",
                        "closed_movement_writes",
                        "buffer_full_arrivals",
                        "order_table_hits",
                        "order_table_evictions.reason.idle.count",
                        "order_table_evictions.reason.size.count",
                        "exceptions.type.UNMATCHED_DEBIT.state.OPEN.count",
                        "exceptions.type.UNMATCHED_DEBIT.state.RESOLVED.count",
                        "exceptions.type.UNMATCHED_CREDIT.state.OPEN.count",
                        "exceptions.type.UNMATCHED_CREDIT.state.RESOLVED.count",
                        "exceptions.type.AMOUNT_MISMATCH.state.OPEN.count",
                        "exceptions.type.CURRENCY_MISMATCH.state.OPEN.count",
                        "exceptions.type.DUPLICATE_DEBIT.state.OPEN.count",
                        "exceptions.type.EVENT_ID_CONFLICT.state.OPEN.count",
                        "exceptions.type.DUPLICATE_CREDIT.state.OPEN.count",
                        "exceptions.type.INVALID_TRANSITION.state.OPEN.count",
                        "exceptions.type.KIND_MISMATCH.state.OPEN.count",
                        "exceptions.type.OVER_REFUND.state.OPEN.count",
                        "exceptions.type.OVER_REFUND.state.RESOLVED.count",
                        "exceptions.type.ORDER_OVERFLOW.state.OPEN.count"); // MALFORMED_EVENT: "Split malformed
        // input"
    }

    @Test
    void countsWhatTheRulesDecide() {
        ReconcileMetrics metrics =
                new ReconcileMetrics(new ReconcileCountsTest.RecordingGroup(registered, ""), 3, 0, r -> {}, e -> {});
        assertThat(gauge("open_pairs")).as("restored from the checkpoint").isEqualTo(3L);

        OrderReconciler rules = new OrderReconciler(MatchingRules.defaults());
        OrderState order = new OrderState();
        rules.applyLate(order, debit("d", 0), metrics);
        assertThat(gauge("open_pairs")).isEqualTo(4L);
        rules.applyLate(order, credit("c", 1), metrics);
        rules.applyLate(order, credit("c", 1), metrics); // the same id again: dropped
        rules.applyLate(order, debit("d2", 2), metrics);

        assertThat(count("reconciled")).isEqualTo(1);
        assertThat(count("duplicates_dropped")).isEqualTo(1);
        assertThat(count("exceptions.type.DUPLICATE_DEBIT.state.OPEN.count")).isEqualTo(1);
        assertThat(gauge("open_pairs")).isEqualTo(3L);
        assertThat(metrics.openPairs()).isEqualTo(3L);
        assertThat(((Histogram) registered.get("match_latency_ms")).getCount()).isEqualTo(1);
    }

    /**
     * unmatched_open follows each flagged side until a late counterpart resolves it or retention
     * drops it, and carries on from the count a checkpoint restored.
     */
    @Test
    void unmatchedOpenFollowsFlaggedSidesUntilResolvedOrForgotten() {
        MatchingRules defaults = MatchingRules.defaults();
        ReconcileMetrics metrics =
                new ReconcileMetrics(new ReconcileCountsTest.RecordingGroup(registered, ""), 0, 2, r -> {}, e -> {});
        assertThat(gauge("unmatched_open")).as("restored from the checkpoint").isEqualTo(2L);
        OrderReconciler rules = new OrderReconciler(defaults);

        OrderState resolved = new OrderState();
        rules.accept(resolved, debit("d1", 0));
        rules.advanceTo(resolved, at(0) + defaults.matchWindowMillis(), metrics); // the deadline passes: OPEN
        assertThat(count("exceptions.type.UNMATCHED_DEBIT.state.OPEN.count")).isEqualTo(1);
        assertThat(gauge("unmatched_open")).isEqualTo(3L);
        rules.applyLate(resolved, credit("c1", 1), metrics); // the late counterpart: RESOLVED
        assertThat(count("exceptions.type.UNMATCHED_DEBIT.state.RESOLVED.count"))
                .isEqualTo(1);
        assertThat(gauge("unmatched_open")).isEqualTo(2L);

        OrderState forgotten = new OrderState();
        rules.accept(forgotten, credit("c2", 0));
        rules.advanceTo(forgotten, at(0) + defaults.matchWindowMillis(), metrics);
        assertThat(count("exceptions.type.UNMATCHED_CREDIT.state.OPEN.count")).isEqualTo(1);
        assertThat(gauge("unmatched_open")).isEqualTo(3L);
        rules.advanceTo(forgotten, at(0) + defaults.retentionMillis(), metrics); // retention drops the lone credit
        assertThat(gauge("unmatched_open")).isEqualTo(2L);
        assertThat(metrics.unmatchedOpen()).isEqualTo(2L);
        assertThat(gauge("open_pairs")).isEqualTo(0L);
    }

    /** A count that began after flags it never saw (a savepoint of an older release) never reads below 0. */
    @Test
    void unmatchedOpenNeverReadsNegative() {
        ReconcileMetrics metrics =
                new ReconcileMetrics(new ReconcileCountsTest.RecordingGroup(registered, ""), 0, 0, r -> {}, e -> {});
        OrderReconciler rules = new OrderReconciler(MatchingRules.defaults());
        OrderState order = new OrderState(); // as a 2.0 savepoint gives it back: flagged before the restore
        order.seenEventIds.add("d");
        order.debit = debit("d", 0);
        order.unmatchedRaised = true;
        order.lastEventTime = order.debit.eventTime;
        rules.applyLate(order, credit("c", 1), metrics);
        assertThat(count("exceptions.type.UNMATCHED_DEBIT.state.RESOLVED.count"))
                .isEqualTo(1);
        assertThat(gauge("unmatched_open")).isEqualTo(0L);
    }
}
