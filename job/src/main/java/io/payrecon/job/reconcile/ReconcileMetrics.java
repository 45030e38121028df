package io.payrecon.job.reconcile;

import io.payrecon.matching.ReconciliationOutput;
import io.payrecon.model.AlertState;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.ExceptionType;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * The rules' output on Flink: every decision the rules send is counted here, and their records go
 * on to the operator's outputs, so {@link ReconcileOperator} only adapts state and timers, and a new
 * decision (the output interface has no defaults) cannot compile without being counted.
 *
 * <p>The metrics of the {@code Reconcile orders} operator, per subtask (README "Metrics" lists each with
 * its type and labels: the alerting rules in ops/prometheus/ and the dashboard in ops/grafana/ read
 * them by these names, and MetricNamesTest checks them against what Flink's Prometheus reporter
 * serves).
 *
 * <p>Exceptions are one counter with the type and the state as key/value groups, which reporters
 * turn into labels ({@code exceptions_type_state_count{type="AMOUNT_MISMATCH",state="OPEN"}} in
 * Prometheus), so a query or an alert covers every type, including one added later, without
 * naming each. There is no event-time lag gauge of our own: Flink's {@code currentInputWatermark}
 * of this operator is the same watermark, updated on every watermark rather than only when an
 * event or a timer reaches the function (a lag computed from that went stale on a quiet stream).
 */
final class ReconcileMetrics implements ReconciliationOutput {
    /**
     * Why the operator read an order's state ({@code state_loads.path.<path>.count}): each is one
     * read of the value state {@code order} (on RocksDB a get and a deserialization).
     */
    enum LoadPath {
        /** A watermark made the order's buffered events due. */
        WATERMARK,
        /** The order's event-time timer fired. */
        TIMER,
        /** An event at or behind the watermark (rule 10), applied on arrival. */
        LATE,
        /** An event ahead of the watermark that went to state on arrival: the buffer was full, or off. */
        ARRIVAL,
        /** The buffer went into state before a checkpoint barrier. */
        BARRIER,
        /** The buffer went into state at the end of the input. */
        END_OF_INPUT;

        /** The label value: {@code watermark}, ..., {@code end_of_input}. */
        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Why an order left the {@link OrderTable} ({@code order_table_evictions.reason.<reason>.count}). */
    enum TableEviction {
        /** Quiet for {@code --order-table-idle} of event time. */
        IDLE,
        /** The least recently touched, when an order came in beyond {@code --order-table-size}. */
        SIZE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Counter eventsIn;
    private final Counter reconciled;
    private final Counter duplicatesDropped;
    private final Counter eventIdConflicts;
    private final Counter lateEvents;
    private final Counter eventsOverflowed;
    private final Counter[] stateLoads = new Counter[LoadPath.values().length];
    private final Counter stateStores;
    private final Counter stateClears;
    private final Counter timersRegistered;
    private final Counter timersDeleted;
    private final Counter timersFired;
    private final Counter recordedIdReads;
    private final Counter recordedIdWrites;
    private final Counter closedMovementReads;
    private final Counter closedMovementWrites;
    private final Counter bufferFullArrivals;
    private final Counter orderTableHits;
    private final Counter[] orderTableEvictions = new Counter[TableEviction.values().length];
    private final Map<ExceptionType, Map<AlertState, Counter>> exceptions = new EnumMap<>(ExceptionType.class);
    private final Histogram matchLatency;
    private final Consumer<ReconciledRecord> reconciledOut;
    private final Consumer<ExceptionRecord> exceptionsOut;
    /** Sides waiting for their counterpart on this subtask; kept in operator state by the function. */
    private long openPairs;
    /**
     * Sides flagged UNMATCHED (OPEN) that neither a late counterpart resolved nor retention dropped;
     * kept in operator state by the function, like {@link #openPairs}.
     */
    private long unmatchedOpen;

    /**
     * @param openPairs the count restored from the last checkpoint (0 on a fresh start)
     * @param unmatchedOpen the count restored from the last checkpoint (0 on a fresh start, and after
     *     restoring a savepoint of a release before 1.2, which did not keep it)
     * @param reconciledOut where reconciled records go once counted
     * @param exceptionsOut where exception records go once counted
     */
    ReconcileMetrics(
            MetricGroup metrics,
            long openPairs,
            long unmatchedOpen,
            Consumer<ReconciledRecord> reconciledOut,
            Consumer<ExceptionRecord> exceptionsOut) {
        this.reconciledOut = reconciledOut;
        this.exceptionsOut = exceptionsOut;
        this.openPairs = openPairs;
        this.unmatchedOpen = unmatchedOpen;
        eventsIn = metrics.counter("events_in");
        reconciled = metrics.counter("reconciled");
        duplicatesDropped = metrics.counter("duplicates_dropped");
        eventIdConflicts = metrics.counter("event_id_conflicts");
        lateEvents = metrics.counter("late_events");
        eventsOverflowed = metrics.counter("events_overflowed");
        // What each event and order costs in state and timer operations (issue 22): plain counters on
        // the paths that do the work, so that one drain shows the round trips per order.
        for (LoadPath path : LoadPath.values()) {
            stateLoads[path.ordinal()] = metrics.addGroup("state_loads")
                    .addGroup("path", path.label())
                    .counter("count");
        }
        stateStores = metrics.counter("state_stores");
        stateClears = metrics.counter("state_clears");
        timersRegistered = metrics.counter("timers_registered");
        timersDeleted = metrics.counter("timers_deleted");
        timersFired = metrics.counter("timers_fired");
        recordedIdReads = metrics.counter("recorded_id_reads");
        recordedIdWrites = metrics.counter("recorded_id_writes");
        closedMovementReads = metrics.counter("closed_movement_reads");
        closedMovementWrites = metrics.counter("closed_movement_writes");
        bufferFullArrivals = metrics.counter("buffer_full_arrivals");
        // A hit is a load that found the order in the table: a state read saved.
        orderTableHits = metrics.counter("order_table_hits");
        for (TableEviction reason : TableEviction.values()) {
            orderTableEvictions[reason.ordinal()] = metrics.addGroup("order_table_evictions")
                    .addGroup("reason", reason.label())
                    .counter("count");
        }
        for (ExceptionType type : ExceptionType.values()) {
            if (type != ExceptionType.MALFORMED_EVENT) { // counted where malformed input is split off
                Map<AlertState, Counter> byState = new EnumMap<>(AlertState.class);
                for (AlertState state : statesOf(type)) {
                    byState.put(state, exceptionCounter(metrics, type, state));
                }
                exceptions.put(type, byState);
            }
        }
        matchLatency = metrics.histogram("match_latency_ms", new DescriptiveStatisticsHistogram(10_000));
        metrics.gauge("open_pairs", () -> this.openPairs);
        // Never below 0: after a restore from a savepoint that did not keep the count, sides flagged
        // before it may still resolve.
        metrics.gauge("unmatched_open", () -> Math.max(0, this.unmatchedOpen));
    }

    /**
     * {@code buffered_events}: events the operator holds on the heap until the watermark passes them
     * (bounded per subtask; beyond the bound arrivals wait in keyed state). Growing while input flows
     * means the watermark stalls.
     */
    static void bufferedEvents(MetricGroup operator, org.apache.flink.metrics.Gauge<Integer> count) {
        operator.gauge("buffered_events", count);
    }

    /**
     * {@code buffered_events_max}: the most events the buffer held at once since the task started
     * (its high-water mark; at {@code --max-buffered-events} arrivals went to state, see {@code
     * buffer_full_arrivals}).
     */
    static void bufferedEventsMax(MetricGroup operator, org.apache.flink.metrics.Gauge<Integer> max) {
        operator.gauge("buffered_events_max", max);
    }

    /**
     * The one counter of an exception type and state, {@code exceptions.type.<TYPE>.state.<STATE>.count}
     * in the web UI. Registered up front for every state a type can have, so that each series exists
     * from the start at 0 (a rate over a series that appears with its first exception misses it).
     */
    static Counter exceptionCounter(MetricGroup operator, ExceptionType type, AlertState state) {
        return operator.addGroup("exceptions")
                .addGroup("type", type.name())
                .addGroup("state", state.name())
                .counter("count");
    }

    /** Only an unmatched side and (contract v3) an over-refund are ever RESOLVED (AlertState). */
    static AlertState[] statesOf(ExceptionType type) {
        return type == ExceptionType.UNMATCHED_DEBIT
                        || type == ExceptionType.UNMATCHED_CREDIT
                        || type == ExceptionType.OVER_REFUND
                ? AlertState.values()
                : new AlertState[] {AlertState.OPEN};
    }

    void eventIn() {
        eventsIn.inc();
    }

    /** Rule 10: an event at or behind the watermark, applied on arrival. */
    void lateEvent() {
        lateEvents.inc();
    }

    /** One read of the order's value state, for {@code path}. */
    void stateLoad(LoadPath path) {
        stateLoads[path.ordinal()].inc();
    }

    /** One write of the order's value state. */
    void stateStore() {
        stateStores.inc();
    }

    /** An emptied order cleared from state (its value and its two maps). */
    void stateClear() {
        stateClears.inc();
    }

    /**
     * The cost counters of this subtask by metric name ({@code state_loads.path.watermark.count},
     * {@code state_stores}, ...): what the operator publishes as accumulators when its input ends,
     * so that a finished bounded run (a benchmark drain, a file replay) still shows them.
     */
    void eachCostCount(java.util.function.BiConsumer<String, Long> count) {
        count.accept("events_in", eventsIn.getCount());
        for (LoadPath path : LoadPath.values()) {
            count.accept("state_loads.path." + path.label() + ".count", stateLoads[path.ordinal()].getCount());
        }
        count.accept("state_stores", stateStores.getCount());
        count.accept("state_clears", stateClears.getCount());
        count.accept("timers_registered", timersRegistered.getCount());
        count.accept("timers_deleted", timersDeleted.getCount());
        count.accept("timers_fired", timersFired.getCount());
        count.accept("recorded_id_reads", recordedIdReads.getCount());
        count.accept("recorded_id_writes", recordedIdWrites.getCount());
        count.accept("closed_movement_reads", closedMovementReads.getCount());
        count.accept("closed_movement_writes", closedMovementWrites.getCount());
        count.accept("buffer_full_arrivals", bufferFullArrivals.getCount());
        count.accept("order_table_hits", orderTableHits.getCount());
        for (TableEviction reason : TableEviction.values()) {
            count.accept(
                    "order_table_evictions.reason." + reason.label() + ".count",
                    orderTableEvictions[reason.ordinal()].getCount());
        }
    }

    /** A load or timer served from the order table: no state read. */
    void orderTableHit() {
        orderTableHits.inc();
    }

    /** An order left the table (written back if it had changed). */
    void orderTableEviction(TableEviction reason) {
        orderTableEvictions[reason.ordinal()].inc();
    }

    /** {@code order_table_orders}: busy orders this subtask holds on the heap ({@code --order-table-size} at most). */
    static void orderTableOrders(MetricGroup operator, org.apache.flink.metrics.Gauge<Integer> count) {
        operator.gauge("order_table_orders", count);
    }

    void timerRegistered() {
        timersRegistered.inc();
    }

    void timerDeleted() {
        timersDeleted.inc();
    }

    void timerFired() {
        timersFired.inc();
    }

    /** One get of map state {@code recorded-ids}. */
    void recordedIdRead() {
        recordedIdReads.inc();
    }

    /** One put of map state {@code recorded-ids}. */
    void recordedIdWrite() {
        recordedIdWrites.inc();
    }

    /** One get of map state {@code closed-movements}. */
    void closedMovementRead() {
        closedMovementReads.inc();
    }

    /** One put of map state {@code closed-movements}. */
    void closedMovementWrite() {
        closedMovementWrites.inc();
    }

    /** An event ahead of the watermark that found the buffer full and went to state on arrival. */
    void bufferFull() {
        bufferFullArrivals.inc();
    }

    long openPairs() {
        return openPairs;
    }

    long unmatchedOpen() {
        return unmatchedOpen;
    }

    @Override
    public void reconciled(ReconciledRecord record) {
        reconciled.inc();
        matchLatency.update(Math.max(0, System.currentTimeMillis() - record.matchedTime));
        reconciledOut.accept(record);
    }

    @Override
    public void exception(ExceptionRecord record) {
        exceptions.get(record.type).get(record.state).inc();
        if (record.type == ExceptionType.UNMATCHED_DEBIT || record.type == ExceptionType.UNMATCHED_CREDIT) {
            unmatchedOpen += record.state == AlertState.OPEN ? 1 : -1;
        }
        exceptionsOut.accept(record);
    }

    @Override
    public void duplicateDropped(PaymentEvent event) {
        duplicatesDropped.inc();
    }

    /** Contract v2: the contract's {@code event_id_conflicts}; by type in the exceptions counter. */
    @Override
    public void eventIdConflict(PaymentEvent event) {
        eventIdConflicts.inc();
    }

    /** Contract v3, rule 13: the metric {@code events_overflowed}. */
    @Override
    public void eventOverflowed(PaymentEvent event) {
        eventsOverflowed.inc();
    }

    @Override
    public void pairOpened() {
        openPairs++;
    }

    @Override
    public void waitingSideForgotten(boolean flaggedUnmatched) {
        if (flaggedUnmatched) {
            unmatchedOpen--;
        }
    }

    @Override
    public void pairClosed() {
        openPairs--;
    }
}
