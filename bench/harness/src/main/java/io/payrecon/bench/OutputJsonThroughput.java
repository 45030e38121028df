package io.payrecon.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.payrecon.codec.InboundDecoder;
import io.payrecon.codec.JacksonOutputJson;
import io.payrecon.codec.OutputJson;
import io.payrecon.generator.GeneratedRecord;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficSpec;
import io.payrecon.matching.CollectingOutput;
import io.payrecon.matching.MatchingRules;
import io.payrecon.matching.OrderReconciler;
import io.payrecon.matching.OrderState;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.InboundRecord;
import io.payrecon.model.ReconciledRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The output records' writer (issue 22, item 3): {@link OutputJson}, written by hand into a reusable
 * buffer, against the Jackson implementation it replaced ({@link JacksonOutputJson}: a generator and
 * a byte stream per record) and against the other way considered, Jackson with one generator kept
 * over a reused byte stream. Alternating rounds in one JVM (the machine is shared: ratios from the
 * same run, their median over the rounds). The records are the rules' output for generated traffic
 * (every anomaly, malformed values included), in the order the rules wrote them; before timing,
 * each writer's bytes are checked equal to the reference's for every record. Not a test: run it
 * from the repository with
 *
 * <pre>
 * mvn -B -o -q -pl core install -DskipTests
 * mvn -B -o -q -pl bench/harness compile dependency:build-classpath -Dmdep.outputFile=target/harness.classpath
 * java -cp "bench/harness/target/classes:$(cat bench/harness/target/harness.classpath)" \
 *     io.payrecon.bench.OutputJsonThroughput [orders] [rounds] [passes] [block]
 * </pre>
 *
 * Each pass writes a block of records before the next block ({@code block} records, 256 by
 * default, 0 for the whole mix): in the job a record is written right after it was made, from
 * strings in the CPU's caches, while a sweep over the whole mix times memory latency as much as
 * the writers.
 */
public final class OutputJsonThroughput {
    private OutputJsonThroughput() {}

    /** One way of writing both records. */
    private interface Writer {
        byte[] reconciled(ReconciledRecord r);

        byte[] exception(ExceptionRecord r);
    }

    private static final Writer REFERENCE = new Writer() {
        @Override
        public byte[] reconciled(ReconciledRecord r) {
            return JacksonOutputJson.reconciled(r);
        }

        @Override
        public byte[] exception(ExceptionRecord r) {
            return JacksonOutputJson.exception(r);
        }
    };

    private static final Writer HAND_WRITTEN = new Writer() {
        @Override
        public byte[] reconciled(ReconciledRecord r) {
            return OutputJson.reconciled(r);
        }

        @Override
        public byte[] exception(ExceptionRecord r) {
            return OutputJson.exception(r);
        }
    };

    /** Jackson kept: one generator for the thread's life over a byte stream emptied per record. */
    private static final class ReusedGenerator implements Writer {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
        private final JsonGenerator g;

        ReusedGenerator() {
            try {
                g = new JsonFactory().createGenerator(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            g.setRootValueSeparator(null); // records, not a stream of root values
        }

        @Override
        public byte[] reconciled(ReconciledRecord r) {
            bytes.reset();
            try {
                JacksonOutputJson.writeReconciled(g, r);
                g.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        @Override
        public byte[] exception(ExceptionRecord r) {
            bytes.reset();
            try {
                JacksonOutputJson.writeException(g, r);
                g.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }
    }

    public static void main(String[] args) {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 11;
        int passes = args.length > 2 ? Integer.parseInt(args[2]) : 10;
        Object[] records = outputOf(orders);
        int blockArg = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        int block = blockArg > 0 ? blockArg : records.length;
        long exceptions =
                Arrays.stream(records).filter(r -> r instanceof ExceptionRecord).count();
        long bytes = 0;
        Writer reused = new ReusedGenerator();
        String[] names = {"jackson-per-record", "jackson-reused-generator", "hand-written"};
        Writer[] writers = {REFERENCE, reused, HAND_WRITTEN};
        for (Object r : records) {
            byte[] expected = write(REFERENCE, r);
            bytes += expected.length;
            for (int w = 1; w < writers.length; w++) {
                if (!Arrays.equals(write(writers[w], r), expected)) {
                    throw new AssertionError(names[w] + " differs from the reference on " + r);
                }
            }
        }
        System.out.printf(
                "%,d records (%,d reconciled, %,d exceptions) of %,d generated orders, %.0f bytes per record;"
                        + " %d rounds of %d passes per writer, alternating, in blocks of %,d records%n",
                records.length,
                records.length - exceptions,
                exceptions,
                orders,
                bytes / (double) records.length,
                rounds,
                passes,
                block);
        double[][] ns = new double[writers.length][rounds];
        long sink = 0;
        for (int warmUp = 0; warmUp < 2; warmUp++) {
            for (Writer w : writers) {
                sink += time(w, records, passes, block);
            }
        }
        for (int round = 0; round < rounds; round++) {
            for (int w = 0; w < writers.length; w++) {
                long t0 = System.nanoTime();
                sink += time(writers[w], records, passes, block);
                ns[w][round] = (System.nanoTime() - t0) / ((double) records.length * passes);
            }
            System.out.printf(
                    "round %2d: %s %.0f ns, %s %.0f ns, %s %.0f ns per record%n",
                    round + 1, names[0], ns[0][round], names[1], ns[1][round], names[2], ns[2][round]);
        }
        for (int w = 1; w < writers.length; w++) {
            double[] ratio = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                ratio[round] = ns[w][round] / ns[0][round];
            }
            System.out.printf(
                    "%s: median %.0f ns per record against %.0f, ratio to jackson-per-record median %.2f"
                            + " (rounds %.2f-%.2f)%n",
                    names[w], median(ns[w]), median(ns[0]), median(ratio), min(ratio), max(ratio));
        }
        System.out.printf("(checksum %d)%n", sink % 1000);
    }

    /** Every record {@code passes} times, {@code block} records at a time. */
    private static long time(Writer w, Object[] records, int passes, int block) {
        long sink = 0;
        for (int from = 0; from < records.length; from += block) {
            int to = Math.min(records.length, from + block);
            for (int p = 0; p < passes; p++) {
                for (int i = from; i < to; i++) {
                    sink += write(w, records[i]).length;
                }
            }
        }
        return sink;
    }

    private static byte[] write(Writer w, Object r) {
        return r instanceof ReconciledRecord rec ? w.reconciled(rec) : w.exception((ExceptionRecord) r);
    }

    /**
     * The rules' records for generated traffic: each value decoded as the job decodes it (12
     * partitions), malformed ones as their exception, every order's events through {@link
     * OrderReconciler} and event time then pushed past them all.
     */
    private static Object[] outputOf(int orders) {
        List<GeneratedRecord> generated = TrafficGenerator.generate(
                        TrafficSpec.builder().orders(orders).build())
                .records();
        InboundDecoder decoder = new InboundDecoder();
        OrderReconciler reconciler = new OrderReconciler(MatchingRules.defaults());
        Map<String, OrderState> states = new LinkedHashMap<>();
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < generated.size(); i++) {
            InboundRecord in = decoder.fromKafka(generated.get(i).value(), "reconciliation", i % 12, i / 12);
            if (in.isEvent()) {
                reconciler.accept(states.computeIfAbsent(in.event.orderId, id -> new OrderState()), in.event);
            } else {
                out.add(in.malformed);
            }
        }
        for (OrderState state : states.values()) {
            CollectingOutput rules = new CollectingOutput();
            reconciler.advanceTo(state, Long.MAX_VALUE, rules);
            out.addAll(rules.reconciled);
            out.addAll(rules.exceptions);
        }
        return out.toArray();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static double min(double[] values) {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(double[] values) {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
