package io.payrecon.bench;

import io.payrecon.generator.GeneratedRecord;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficSpec;
import io.payrecon.job.config.JobConfig;
import io.payrecon.job.reconcile.ReconcileOperator;
import io.payrecon.matching.MatchingRules;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.nio.file.Files;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;

/**
 * Cost of the matching operator per event on RocksDB, as a ratio to a floor measured in the same
 * run: a keyed function that reads and writes one small value per event on the same backend. Not
 * a test: {@code java -cp ... io.payrecon.bench.OperatorThroughput [orders] [heap|rocksdb timers]}.
 */
public final class OperatorThroughput {
    private OperatorThroughput() {}

    /** The floor: one RocksDB read and write of a counter per event, nothing else. */
    static final class CountPerKey extends KeyedProcessFunction<String, PaymentEvent, ReconciledRecord> {
        private transient ValueState<Long> count;

        @Override
        public void open(org.apache.flink.api.common.functions.OpenContext ctx) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("n", Types.LONG));
        }

        @Override
        public void processElement(PaymentEvent e, Context ctx, Collector<ReconciledRecord> out) throws Exception {
            Long n = count.value();
            count.update(n == null ? 1 : n + 1);
        }
    }

    static double nanosPerEvent(
            OneInputStreamOperator<PaymentEvent, ReconciledRecord> operator,
            List<PaymentEvent> events,
            EmbeddedRocksDBStateBackend.PriorityQueueStateType timers)
            throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(
                operator, (PaymentEvent e) -> e.orderId, Types.STRING, JobConfig.MAX_PARALLELISM, 1, 0)) {
            if (timers != null) {
                EmbeddedRocksDBStateBackend backend = new EmbeddedRocksDBStateBackend();
                backend.setPriorityQueueStateType(timers);
                // -Dstate.backend.rocksdb.*=...: the same RocksDB options a cluster's config.yaml sets.
                Configuration options = new Configuration();
                System.getProperties().stringPropertyNames().stream()
                        .filter(k -> k.startsWith("state.backend.rocksdb."))
                        .forEach(k -> options.setString(k, System.getProperty(k)));
                h.setStateBackend(backend.configure(options, OperatorThroughput.class.getClassLoader()));
            }
            h.open();
            long start = System.nanoTime();
            long maxTime = Long.MIN_VALUE;
            int i = 0;
            for (PaymentEvent e : events) {
                h.processElement(new StreamRecord<>(e, e.eventTime));
                maxTime = Math.max(maxTime, e.eventTime);
                if (++i % 1_000 == 0) {
                    h.processWatermark(maxTime - 5_001); // a 5 s bound, as the job's default
                }
            }
            h.processWatermark(maxTime - 5_001);
            double nanos = (System.nanoTime() - start) / (double) events.size();
            h.getOutput().clear();
            return nanos;
        }
    }

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String mode = args.length > 1 ? args[1] : "rocksdb";
        // hashmap: the heap backend (no RocksDB at all); heap: RocksDB state with heap timers
        var timers = mode.equals("hashmap")
                ? null
                : mode.equals("heap")
                        ? EmbeddedRocksDBStateBackend.PriorityQueueStateType.HEAP
                        : EmbeddedRocksDBStateBackend.PriorityQueueStateType.ROCKSDB;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        System.setProperty(
                "java.io.tmpdir", Files.createTempDirectory("opbench").toString());
        List<PaymentEvent> events =
                TrafficGenerator.generate(TrafficSpec.builder().orders(orders).build()).records().stream()
                        .filter(r -> r.eventId() != null && !r.isMalformed())
                        .map(GeneratedRecord::toPaymentEvent)
                        .collect(Collectors.toList());
        double floor = Double.MAX_VALUE;
        double job = Double.MAX_VALUE;
        double unbuffered = Double.MAX_VALUE;
        for (int round = 0; round < rounds; round++) {
            floor = Math.min(floor, nanosPerEvent(new KeyedProcessOperator<>(new CountPerKey()), events, timers));
            job = Math.min(job, nanosPerEvent(new ReconcileOperator(MatchingRules.defaults()), events, timers));
            // Bound 0: every event through keyed state, as the KeyedProcessFunction of release 1.1 did.
            unbuffered = Math.min(
                    unbuffered, nanosPerEvent(new ReconcileOperator(MatchingRules.defaults(), 0), events, timers));
        }
        System.out.printf(
                "events %,d  backend/timers %s  floor (one value read+write) %.0f ns/event  ReconcileOperator %.0f ns/event  ratio %.2f"
                        + "  (no heap buffer: %.0f ns/event, ratio %.2f)%n",
                events.size(), mode, floor, job, job / floor, unbuffered, unbuffered / floor);
    }
}
