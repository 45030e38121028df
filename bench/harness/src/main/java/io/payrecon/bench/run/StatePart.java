package io.payrecon.bench.run;

import io.payrecon.bench.BenchPreload;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * State per open order, and back to baseline after retention: orders whose debit never gets a
 * credit, measured before the load, at the peak, and after every order was flagged and forgotten.
 */
final class StatePart {
    private static final String EVENTS_IN = "Reconcile_orders.events_in";
    private static final String OPEN_PAIRS = "Reconcile_orders.open_pairs";
    private static final String FLAGGED = "Reconcile_orders.exceptions.type.UNMATCHED_DEBIT.state.OPEN.count";
    private static final Duration METRIC_POLL = Duration.ofMillis(300);

    private final RunContext run;

    StatePart(RunContext run) {
        this.run = run;
    }

    void run() {
        long orders = run.plan.stateOrders();
        long idleFlush = run.plan.stateIdleFlush();
        run.console.step("state: " + Console.count(orders) + " orders whose debit never gets a credit");
        run.results.count("state.orders", orders);
        // Match window and retention 30m: longer than the load's event-time span (1 ms per order,
        // under 17 min for a million), so every order stays open until event time jumps. The idle
        // flush then moves event time to the wall clock, 2 h past every event: all deadlines and
        // retentions pass. RocksDB's native key estimates are switched on for this job only.
        List<String> args = new ArrayList<>(List.of(
                "-Dstate.backend.rocksdb.metrics.estimate-num-keys=true",
                run.stack.jobJar().toString()));
        args.addAll(run.jobFlags());
        args.addAll(List.of("--input-topic", "state-input", "--starting-offsets", "earliest"));
        args.addAll(RunContext.outputs("state"));
        args.addAll(List.of(
                "--out-of-orderness", "2s",
                "--match-window", "30m",
                "--retention", "30m",
                "--idle-flush", idleFlush + "s"));
        String id = run.submitter.submit(run.file("state-submit.log"), args);
        run.jobs.waitTasksRunning(id, Duration.ofSeconds(120));
        String vertex = run.jobs.vertexId(id, "Reconcile orders");
        awaitMetric(id, vertex, EVENTS_IN, 0, 60);
        measure("baseline", id, vertex);

        run.drivers.run(
                "1g",
                BenchPreload.class,
                List.of(run.stack.bootstrap(), "state-input", "unmatched-debit", Long.toString(orders)),
                run.file("state-load.txt"),
                true);
        long t0 = System.currentTimeMillis();
        awaitMetric(id, vertex, EVENTS_IN, orders, 120 + orders / 2000);
        run.console.say("state: the job applied all " + Console.count(orders) + " debits " + Console.since(t0)
                + " after the load");
        measure("peak", id, vertex);
        Optional<BigDecimal> flagged = run.jobs.metricSum(id, vertex, FLAGGED);
        if (flagged.isEmpty() || flagged.get().signum() != 0) {
            run.console.warn("the idle flush came before the peak was measured ("
                    + flagged.map(BigDecimal::toPlainString).orElse("") + " flagged): raise STATE_IDLE_FLUSH");
        }

        t0 = System.currentTimeMillis();
        awaitMetric(id, vertex, FLAGGED, orders, idleFlush + 300);
        awaitMetric(id, vertex, OPEN_PAIRS, 0, 120);
        // The timers deleted the orders; RocksDB's estimate follows once the deletes are flushed.
        run.console.say("state: every order flagged and forgotten " + Console.since(t0) + " after the peak (idle flush "
                + idleFlush + " s)");
        measure("after", id, vertex);
        run.jobs.cancel(id, false);
    }

    /**
     * Full checkpoint size (RocksDB files), canonical savepoint size (live entries only, Flink's own
     * format), RocksDB's key estimates and the job's open_pairs gauge.
     */
    private void measure(String moment, String id, String vertex) {
        long checkpoint = run.jobs.fullCheckpoint(id, run.file("state-checkpoints.log"));
        Path savepoint =
                run.jobs.savepoint(id, run.stack.savepointDir(), run.file("state-savepoint-" + moment + ".log"));
        if (!Files.isDirectory(savepoint)) {
            throw new BenchFailure("savepoint path '" + savepoint + "' is not a directory (see "
                    + run.file("state-savepoint-" + moment + ".log") + ")");
        }
        long savepointBytes = apparentSize(savepoint);
        Optional<BigDecimal> keys = run.jobs.metricSum(id, vertex, "Reconcile_orders.order.rocksdb_estimate-num-keys");
        Optional<BigDecimal> timers = run.jobs.metricSum(
                id, vertex, "Reconcile_orders._timer_state/event_user-timers.rocksdb_estimate-num-keys");
        Optional<BigDecimal> open = run.jobs.metricSum(id, vertex, OPEN_PAIRS);
        String at = "state.moments." + moment;
        run.results.count(at + ".checkpoint_bytes", checkpoint);
        run.results.count(at + ".savepoint_bytes", savepointBytes);
        run.results.set(at + ".order_keys", metric(keys));
        run.results.set(at + ".timers", metric(timers));
        run.results.set(at + ".open_pairs", metric(open));
        run.console.say(
                "state " + moment + ": full checkpoint " + checkpoint + " B, canonical savepoint " + savepointBytes
                        + " B, order keys ~" + text(keys) + ", timers ~" + text(timers) + ", open_pairs " + text(open));
    }

    /** Waits until the metric's sum over subtasks is {@code want}. */
    private void awaitMetric(String id, String vertex, String metric, long want, long timeoutSeconds) {
        BigDecimal wanted = BigDecimal.valueOf(want);
        Optional<?>[] last = {Optional.empty()};
        run.jobs
                .poller()
                .until(
                        Duration.ofSeconds(timeoutSeconds),
                        METRIC_POLL,
                        () -> {
                            Optional<BigDecimal> got = run.jobs.metricSum(id, vertex, metric);
                            last[0] = got;
                            return got.filter(v -> v.compareTo(wanted) == 0);
                        },
                        () -> metric + " is '" + last[0].map(Object::toString).orElse("") + "' after " + timeoutSeconds
                                + " s, waited for " + want);
    }

    /** What {@code du -sb} says: the apparent size of every file and directory under {@code dir}. */
    static long apparentSize(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.mapToLong(p -> {
                        try {
                            return Files.size(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static com.fasterxml.jackson.databind.JsonNode metric(Optional<BigDecimal> value) {
        return value.map(Figures::number).orElse(com.fasterxml.jackson.databind.node.NullNode.getInstance());
    }

    private static String text(Optional<BigDecimal> value) {
        return value.map(BigDecimal::toPlainString).orElse("");
    }
}
