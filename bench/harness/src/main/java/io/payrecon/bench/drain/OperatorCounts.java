package io.payrecon.bench.drain;

import io.payrecon.bench.BenchPreload;
import io.payrecon.codec.InboundDecoder;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficSpec;
import io.payrecon.job.config.JobConfig;
import io.payrecon.job.reconcile.OrderTable;
import io.payrecon.job.reconcile.ReconcileOperator;
import io.payrecon.matching.MatchingRules;
import io.payrecon.model.InboundRecord;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
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
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * What the matching operator does to state and timers per event and per order (issue 22, item 1),
 * counted by its own metrics: the bench pre-load's traffic (the generator's default mix, same seed,
 * about {@code --events} records) decoded by the job's decoder and driven through the job's real
 * {@link ReconcileOperator} (default rules, {@code --max-buffered-events}) in Flink's operator test
 * harness, one harness per subtask, events routed by key group as Flink routes them.
 *
 * <p>No Kafka and no cluster, so the counts are deterministic; what a Kafka drain decides by wall
 * clock is a flag here: a watermark (the newest event time so far minus {@code --out-of-orderness}
 * and 1 ms, as the job's EventTimeWatermarks) after every {@code --watermark-every} records, a
 * checkpoint barrier (the operator's pre-barrier hook; the snapshot itself is not written) every
 * {@code --checkpoint-every} records, midway between two watermarks. At the end, as a bounded drain ends: the final watermark,
 * then the end of input. The counts are printed before and after that end (the end-of-run sweep
 * fires every timer left) and written as JSON with {@code --json FILE}.
 *
 * <pre>
 * OperatorCounts [--events N] [--subtasks P] [--watermark-every N] [--checkpoint-every N]
 *                [--max-buffered-events N] [--out-of-orderness DURATION-SECONDS] [--json FILE]
 * </pre>
 */
public final class OperatorCounts {
    /** The pre-load's traffic, at a fixed start so that every run replays the same records. */
    static final long START = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();

    /** What one run is: its settings. */
    record Settings(
            long events,
            int subtasks,
            long watermarkEvery,
            long checkpointEvery,
            int maxBufferedEvents,
            long outOfOrdernessMillis,
            boolean rocksDb,
            int orderTableSize) {
        static Settings defaults() {
            return new Settings(
                    1_000_000, 2, 5_000, 500_000, ReconcileOperator.DEFAULT_MAX_BUFFERED_EVENTS, 5_000, false, 0);
        }

        Settings withBackend(boolean rocksDb, int orderTableSize) {
            return new Settings(
                    events,
                    subtasks,
                    watermarkEvery,
                    checkpointEvery,
                    maxBufferedEvents,
                    outOfOrdernessMillis,
                    rocksDb,
                    orderTableSize);
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "--events %d --subtasks %d --watermark-every %d --checkpoint-every %d --max-buffered-events %d"
                            + " --out-of-orderness %d --state-backend %s --order-table-size %d",
                    events,
                    subtasks,
                    watermarkEvery,
                    checkpointEvery,
                    maxBufferedEvents,
                    outOfOrdernessMillis / 1000,
                    rocksDb ? "rocksdb" : "hashmap",
                    orderTableSize);
        }
    }

    /** The counts of one run: inputs, and every metric of the operator summed over subtasks. */
    record Result(
            Settings settings,
            long records,
            long events,
            long orders,
            long watermarks,
            long barriers,
            Map<String, Long> beforeEnd,
            Map<String, Long> atEnd) {}

    private OperatorCounts() {}

    public static void main(String[] args) throws Exception {
        Settings s = Settings.defaults();
        String json = null;
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                usage("missing value of " + flag);
            }
            String value = args[++i];
            try {
                s = switch (flag) {
                    case "--events" ->
                        new Settings(
                                Long.parseLong(value),
                                s.subtasks,
                                s.watermarkEvery,
                                s.checkpointEvery,
                                s.maxBufferedEvents,
                                s.outOfOrdernessMillis,
                                s.rocksDb,
                                s.orderTableSize);
                    case "--subtasks" ->
                        new Settings(
                                s.events,
                                Integer.parseInt(value),
                                s.watermarkEvery,
                                s.checkpointEvery,
                                s.maxBufferedEvents,
                                s.outOfOrdernessMillis,
                                s.rocksDb,
                                s.orderTableSize);
                    case "--watermark-every" ->
                        new Settings(
                                s.events,
                                s.subtasks,
                                Long.parseLong(value),
                                s.checkpointEvery,
                                s.maxBufferedEvents,
                                s.outOfOrdernessMillis,
                                s.rocksDb,
                                s.orderTableSize);
                    case "--checkpoint-every" ->
                        new Settings(
                                s.events,
                                s.subtasks,
                                s.watermarkEvery,
                                Long.parseLong(value),
                                s.maxBufferedEvents,
                                s.outOfOrdernessMillis,
                                s.rocksDb,
                                s.orderTableSize);
                    case "--max-buffered-events" ->
                        new Settings(
                                s.events,
                                s.subtasks,
                                s.watermarkEvery,
                                s.checkpointEvery,
                                Integer.parseInt(value),
                                s.outOfOrdernessMillis,
                                s.rocksDb,
                                s.orderTableSize);
                    case "--out-of-orderness" ->
                        new Settings(
                                s.events,
                                s.subtasks,
                                s.watermarkEvery,
                                s.checkpointEvery,
                                s.maxBufferedEvents,
                                Duration.ofSeconds(Long.parseLong(value)).toMillis(),
                                s.rocksDb,
                                s.orderTableSize);
                    case "--state-backend" -> s.withBackend(value.equals("rocksdb"), s.orderTableSize);
                    case "--order-table-size" -> s.withBackend(s.rocksDb, Integer.parseInt(value));
                    case "--json" -> {
                        json = value;
                        yield s;
                    }
                    default -> {
                        usage("unknown flag " + flag);
                        yield s;
                    }
                };
            } catch (NumberFormatException e) {
                usage("bad value of " + flag + ": " + value);
            }
        }
        // What the replay cost this JVM (the generator and decoder included, the same in every run):
        // for comparing settings, such as the order table on and off, run by run.
        var thread = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long cpu0 = thread.getCurrentThreadCpuTime();
        long allocated0 = thread.getCurrentThreadAllocatedBytes();
        long[] gc0 = gcTimeAndCount();
        Result result = run(s);
        long[] gc1 = gcTimeAndCount();
        System.out.print(table(result));
        System.out.printf(
                Locale.ROOT,
                "replay thread cpu_ms %d allocated_mb %d gc_ms %d gc_count %d (%s)%n",
                (thread.getCurrentThreadCpuTime() - cpu0) / 1_000_000,
                (thread.getCurrentThreadAllocatedBytes() - allocated0) >> 20,
                gc1[0] - gc0[0],
                gc1[1] - gc0[1],
                s.describe());
        if (json != null) {
            try {
                Files.writeString(Path.of(json), json(result), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static long[] gcTimeAndCount() {
        long time = 0;
        long count = 0;
        for (var gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            time += Math.max(0, gc.getCollectionTime());
            count += Math.max(0, gc.getCollectionCount());
        }
        return new long[] {time, count};
    }

    private static void usage(String problem) {
        System.err.println("OperatorCounts: " + problem);
        System.exit(2);
    }

    /** Replays the traffic through the operator; the counts, summed over subtasks. */
    static Result run(Settings s) throws Exception {
        TrafficSpec spec = BenchPreload.mix(s.events)
                .eventSpacingMillis(TrafficSpec.DEFAULT_EVENT_SPACING_MILLIS)
                .startTimeMillis(START)
                .build();
        // The job's defaults (JobOptions): every rule flag as a run without flags has it.
        MatchingRules rules = new MatchingRules(
                MatchingRules.DEFAULT_MATCH_WINDOW,
                MatchingRules.DEFAULT_RETENTION,
                MatchingRules.DEFAULT_AMOUNT_TOLERANCE,
                MatchingRules.DEFAULT_MONEY_RETENTION,
                MatchingRules.DEFAULT_MAX_EVENTS_PER_ORDER);
        List<CountedOperator> operators = new ArrayList<>();
        List<KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord>> harnesses =
                new ArrayList<>();
        for (int i = 0; i < s.subtasks; i++) {
            CountedOperator operator = new CountedOperator(
                    rules,
                    s.maxBufferedEvents,
                    s.orderTableSize == 0
                            ? OrderTable.Limits.OFF
                            : new OrderTable.Limits(s.orderTableSize, OrderTable.Limits.SUGGESTED.idleMillis()));
            KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> h =
                    new KeyedOneInputStreamOperatorTestHarness<>(
                            operator, e -> e.orderId, Types.STRING, JobConfig.MAX_PARALLELISM, s.subtasks, i);
            if (s.rocksDb) {
                h.setStateBackend(new EmbeddedRocksDBStateBackend());
            }
            h.open();
            operators.add(operator);
            harnesses.add(h);
        }
        InboundDecoder decoder = new InboundDecoder();
        long[] n = {0, 0, 0, 0, Long.MIN_VALUE}; // records, events, watermarks, barriers, last watermark
        long[] maxTime = {Long.MIN_VALUE};
        TreeSet<String> orders = new TreeSet<>();
        TrafficGenerator.stream(spec, record -> {
            InboundRecord in = decoder.fromKafka(record.value(), "bench", 0, n[0]);
            n[0]++;
            try {
                if (in.isEvent()) {
                    PaymentEvent event = in.event;
                    n[1]++;
                    orders.add(event.orderId);
                    maxTime[0] = Math.max(maxTime[0], event.eventTime);
                    int subtask = KeyGroupRangeAssignment.assignKeyToParallelOperator(
                            event.orderId, JobConfig.MAX_PARALLELISM, s.subtasks);
                    harnesses.get(subtask).processElement(new StreamRecord<>(event, event.eventTime));
                }
                if (n[0] % s.watermarkEvery == 0 && maxTime[0] != Long.MIN_VALUE) {
                    long watermark = maxTime[0] - s.outOfOrdernessMillis - 1;
                    if (watermark > n[4]) {
                        for (var h : harnesses) {
                            h.processWatermark(new Watermark(watermark));
                            discardOutput(h);
                        }
                        n[2]++;
                        n[4] = watermark;
                    }
                }
                // Midway between two watermarks (where a barrier lands on average, not right after one).
                if ((n[0] + s.watermarkEvery / 2) % s.checkpointEvery == 0) {
                    n[3]++;
                    for (var h : harnesses) {
                        h.prepareSnapshotPreBarrier(n[3]);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Map<String, Long> beforeEnd = sum(operators);
        for (var h : harnesses) {
            h.processWatermark(Watermark.MAX_WATERMARK);
            h.endInput();
        }
        Map<String, Long> atEnd = sum(operators);
        for (var h : harnesses) {
            h.close();
        }
        return new Result(s, n[0], n[1], orders.size(), n[2], n[3], beforeEnd, atEnd);
    }

    /** The records are not what this driver counts: dropped as they come, as a discarding sink would. */
    private static void discardOutput(
            KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> h) {
        h.getOutput().clear();
        var exceptions = h.getSideOutput(ReconcileOperator.EXCEPTIONS);
        if (exceptions != null) {
            exceptions.clear();
        }
    }

    private static Map<String, Long> sum(List<CountedOperator> operators) {
        Map<String, Long> total = new TreeMap<>();
        for (CountedOperator operator : operators) {
            // A high-water mark is per subtask: the largest one; everything else adds up.
            operator.counts()
                    .forEach((name, count) -> total.merge(name, count, name.endsWith("_max") ? Math::max : Long::sum));
        }
        return total;
    }

    /** The counters issue 22 asks for, in the order the table shows them. */
    static final List<String> SHOWN = List.of(
            "state_loads.path.watermark.count",
            "state_loads.path.timer.count",
            "state_loads.path.late.count",
            "state_loads.path.arrival.count",
            "state_loads.path.barrier.count",
            "state_loads.path.end_of_input.count",
            "state_loads",
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
            "buffered_events_max",
            "late_events");

    /** Every load path's counter summed: {@code state_loads}. */
    private static Map<String, Long> withTotal(Map<String, Long> counts) {
        Map<String, Long> all = new LinkedHashMap<>(counts);
        all.put(
                "state_loads",
                counts.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("state_loads.path."))
                        .mapToLong(Map.Entry::getValue)
                        .sum());
        return all;
    }

    /** A Markdown table: each counter before the end and with it, per event and per order. */
    static String table(Result r) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "OperatorCounts %s: %,d records, %,d events, %,d orders, %,d watermarks, %,d barriers%n%n",
                r.settings.describe(),
                r.records,
                r.events,
                r.orders,
                r.watermarks,
                r.barriers));
        out.append("| counter | before the end | per event | per order | with the end (final watermark, end of input)"
                        + " | per event | per order |\n")
                .append("|---|---:|---:|---:|---:|---:|---:|\n");
        Map<String, Long> before = withTotal(r.beforeEnd);
        Map<String, Long> end = withTotal(r.atEnd);
        for (String name : SHOWN) {
            long b = before.getOrDefault(name, 0L);
            long e = end.getOrDefault(name, 0L);
            boolean gauge = name.endsWith("_max");
            out.append(String.format(
                    Locale.ROOT,
                    "| `%s` | %,d | %s | %s | %,d | %s | %s |%n",
                    name,
                    b,
                    gauge ? "" : ratio(b, r.events),
                    gauge ? "" : ratio(b, r.orders),
                    e,
                    gauge ? "" : ratio(e, r.events),
                    gauge ? "" : ratio(e, r.orders)));
        }
        return out.toString();
    }

    private static String ratio(long count, long of) {
        return String.format(Locale.ROOT, "%.3f", of == 0 ? 0.0 : (double) count / of);
    }

    static String json(Result r) {
        return String.format(
                Locale.ROOT,
                "{\"settings\":\"%s\",\"records\":%d,\"events\":%d,\"orders\":%d,\"watermarks\":%d,\"barriers\":%d,"
                        + "\"before_end\":%s,\"at_end\":%s}%n",
                r.settings.describe(),
                r.records,
                r.events,
                r.orders,
                r.watermarks,
                r.barriers,
                object(withTotal(r.beforeEnd)),
                object(withTotal(r.atEnd)));
    }

    private static String object(Map<String, Long> counts) {
        return counts.entrySet().stream()
                .map(e -> "\"" + e.getKey() + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** The job's operator, its metrics registered where this driver can read them. */
    static final class CountedOperator extends ReconcileOperator {
        private static final long serialVersionUID = 1L;
        private final transient Map<String, Metric> metrics = new TreeMap<>();
        private final transient RecordingGroup group = new RecordingGroup(metrics, "");

        CountedOperator(MatchingRules rules, int maxBufferedEvents, OrderTable.Limits table) {
            super(rules, maxBufferedEvents, false, table);
        }

        @Override
        public OperatorMetricGroup getMetricGroup() {
            return group;
        }

        Map<String, Long> counts() {
            Map<String, Long> counts = new TreeMap<>();
            metrics.forEach((name, metric) -> {
                if (metric instanceof Counter c) {
                    counts.put(name, c.getCount());
                } else if (metric instanceof Gauge<?> g && g.getValue() instanceof Number v) {
                    counts.put(name, v.longValue());
                }
            });
            return counts;
        }
    }

    /** Keeps every metric under its full name, groups joined by dots (as the web UI shows them). */
    private static final class RecordingGroup extends UnregisteredMetricsGroup implements OperatorMetricGroup {
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
}
