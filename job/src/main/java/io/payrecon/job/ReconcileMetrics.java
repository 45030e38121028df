package io.payrecon.job;

import io.payrecon.matching.ReconciliationOutput;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.ExceptionType;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The metrics of the {@code Reconcile orders} operator, per subtask (README "Metrics": the names and
 * groups are what dashboards and alerts read, never rename one). It is one more output of the rules:
 * every decision they send is counted here, so {@link ReconcileFunction} only adapts state, timers
 * and records, and a new decision cannot be emitted without the metrics seeing it.
 */
final class ReconcileMetrics implements ReconciliationOutput {
    private final Counter eventsIn;
    private final Counter reconciled;
    private final Counter duplicatesDropped;
    private final Counter lateEvents;
    private final Map<ExceptionType, Counter> exceptionsByType = new EnumMap<>(ExceptionType.class);
    private final Histogram matchLatency;
    /** Sides waiting for their counterpart on this subtask; kept in operator state by the function. */
    private long openPairs;
    private long lastWatermark = Long.MIN_VALUE;

    /** @param openPairs the count restored from the last checkpoint (0 on a fresh start) */
    ReconcileMetrics(MetricGroup metrics, long openPairs) {
        this.openPairs = openPairs;
        eventsIn = metrics.counter("events_in");
        reconciled = metrics.counter("reconciled");
        duplicatesDropped = metrics.counter("duplicates_dropped");
        lateEvents = metrics.counter("late_events");
        MetricGroup exceptions = metrics.addGroup("exceptions");
        for (ExceptionType type : ExceptionType.values()) {
            if (type != ExceptionType.MALFORMED_EVENT) { // counted where malformed input is split off
                exceptionsByType.put(type, exceptions.counter(type.name()));
            }
        }
        matchLatency = metrics.histogram("match_latency_ms", new DescriptiveStatisticsHistogram(10_000));
        metrics.gauge("open_pairs", () -> this.openPairs);
        // How far event time lags the wall clock: a stalled watermark shows up here first.
        metrics.gauge("event_time_lag_ms",
                () -> lastWatermark == Long.MIN_VALUE ? -1L : System.currentTimeMillis() - lastWatermark);
    }

    void eventIn() {
        eventsIn.inc();
    }

    /** Rule 10: an event at or behind the watermark, applied on arrival. */
    void lateEvent() {
        lateEvents.inc();
    }

    /** The operator's watermark as the function last saw it, for {@code event_time_lag_ms}. */
    void watermark(long watermark) {
        lastWatermark = watermark;
    }

    long openPairs() {
        return openPairs;
    }

    @Override
    public void reconciled(ReconciledRecord record) {
        reconciled.inc();
        matchLatency.update(Math.max(0, System.currentTimeMillis() - record.matchedTime));
    }

    @Override
    public void exception(ExceptionRecord record) {
        exceptionsByType.get(record.type).inc();
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
