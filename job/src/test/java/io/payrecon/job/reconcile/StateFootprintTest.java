package io.payrecon.job.reconcile;

import static io.payrecon.matching.Events.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.job.config.JobConfig;
import io.payrecon.job.state.FlinkTypes;
import io.payrecon.matching.CollectingOutput;
import io.payrecon.matching.MatchingRules;
import io.payrecon.matching.OrderReconciler;
import io.payrecon.matching.OrderState;
import io.payrecon.matching.ReconciliationOutput;
import io.payrecon.model.EventType;
import io.payrecon.model.Kind;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntFunction;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * What contract v3's state costs per order, in the canonical snapshot a savepoint writes (the heap
 * backend's full snapshot: keys, values and map entries, without RocksDB's own files): an open
 * single-movement order must stay under 300 bytes, and the bytes an order keeps for
 * --money-retention after rule 7 forgot it are printed for BENCHMARKS.md. A size, not a time: the
 * snapshot's bytes are the same on every machine.
 */
class StateFootprintTest {
    private static final int ORDERS = 2_000;

    @TempDir
    Path dir;

    private static String orderId(int i) {
        return String.format("o-%08d", i); // a realistic id: ten characters
    }

    private long bytesPerOrder(String name, IntFunction<PaymentEvent[]> order, long watermark) throws Exception {
        long empty = snapshotBytes(name + "-empty", i -> new PaymentEvent[0], watermark, 1);
        long full = snapshotBytes(name, order, watermark, ORDERS);
        return (full - empty) / ORDERS;
    }

    private long snapshotBytes(String name, IntFunction<PaymentEvent[]> order, long watermark, int orders)
            throws Exception {
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord>(
                new ReconcileOperator(MatchingRules.defaults()),
                e -> e.orderId,
                Types.STRING,
                JobConfig.MAX_PARALLELISM,
                1,
                0)) {
            h.open();
            for (int i = 0; i < orders; i++) {
                for (PaymentEvent e : order.apply(i)) {
                    h.processElement(new StreamRecord<>(e, e.eventTime));
                }
            }
            h.processWatermark(watermark);
            h.prepareSnapshotPreBarrier(1L);
            OperatorSubtaskState snapshot = h.snapshot(1L, watermark);
            Path file = dir.resolve(name + ".snapshot");
            OperatorSnapshotUtil.writeStateHandle(snapshot, file.toString());
            return Files.size(file);
        }
    }

    @Test
    void anOpenSingleMovementOrderStaysUnder300Bytes() throws Exception {
        long bytes = bytesPerOrder(
                "open",
                i -> new PaymentEvent[] {
                    new PaymentEvent("e-" + orderId(i) + "-d", orderId(i), EventType.DEBIT, "150000.00", "IDR", at(0))
                },
                at(1));
        System.out.printf("state per open single-movement order: %d bytes%n", bytes);
        assertThat(bytes).isLessThan(300);
    }

    /**
     * Contract v3: one busy order's value stops growing once its ids and closed movements outgrow the
     * inline bound (they become map entries beside it), so reading and writing it per watermark costs
     * the same at the two-thousandth movement as at the hundredth.
     */
    @Test
    void aHotOrdersValueStopsGrowingPastTheInlineBound() throws Exception {
        long after100 = orderValueBytes(100);
        long after2000 = orderValueBytes(2_000);
        System.out.printf("a hot order's value: %d bytes after 100 movements, %d after 2,000%n", after100, after2000);
        assertThat(after2000).as("only the ledger's sums grow, by their digits").isLessThanOrEqualTo(after100 + 8);
    }

    /** The serialized order value of one order after {@code movements} reconciled payments. */
    private static long orderValueBytes(int movements) throws Exception {
        OrderReconciler reconciler = new OrderReconciler(MatchingRules.defaults());
        OrderState state = new OrderState();
        ReconciliationOutput out = new CollectingOutput();
        for (int i = 0; i < movements; i++) {
            String m = "m-" + i;
            reconciler.accept(
                    state,
                    new PaymentEvent("d-" + i, "hot", EventType.DEBIT, "10.00", "EUR", at(i), m, Kind.PAYMENT, null));
            reconciler.accept(
                    state,
                    new PaymentEvent("c-" + i, "hot", EventType.CREDIT, "10.00", "EUR", at(i), m, Kind.PAYMENT, null));
            reconciler.advanceTo(state, at(i), out);
        }
        var serializer = FlinkTypes.of(OrderState.class).createSerializer(new SerializerConfigImpl());
        var bytes = new DataOutputSerializer(256);
        serializer.serialize(state, bytes);
        return bytes.length();
    }

    /**
     * A measurement, not a check (its own command, off in the suite): how long a subtask takes to
     * restore {@code -Dpayrecon.measureRestore=N} orders kept for their money, on the heap and on
     * RocksDB, from the snapshot each writes. Figures in BENCHMARKS.md.
     */
    @Test
    @EnabledIfSystemProperty(named = "payrecon.measureRestore", matches = "[0-9]+")
    void restoreTimeOfOrdersKeptForTheirMoney() throws Exception {
        int orders = Integer.getInteger("payrecon.measureRestore");
        for (String backend : new String[] {"hashmap", "rocksdb"}) {
            OperatorSubtaskState snapshot;
            try (var h = harness(backend)) {
                h.open();
                for (int i = 0; i < orders; i++) {
                    for (PaymentEvent e : reconciledPayment(i)) {
                        h.processElement(new StreamRecord<>(e, e.eventTime));
                    }
                }
                h.processWatermark(at(8 * 86_400));
                h.prepareSnapshotPreBarrier(1L);
                snapshot = h.snapshot(1L, at(8 * 86_400));
            }
            Path file = dir.resolve("restore-" + backend + ".snapshot");
            OperatorSnapshotUtil.writeStateHandle(snapshot, file.toString());
            long start = System.nanoTime();
            try (var h = harness(backend)) {
                h.initializeState(OperatorSnapshotUtil.readStateHandle(file.toString()));
                h.open();
                long millis = (System.nanoTime() - start) / 1_000_000;
                System.out.printf(
                        "restore of %,d orders kept for their money on %s: %,d ms (snapshot %,d bytes)%n",
                        orders, backend, millis, Files.size(file));
            }
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> harness(
            String backend) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord>(
                new ReconcileOperator(MatchingRules.defaults()),
                e -> e.orderId,
                Types.STRING,
                JobConfig.MAX_PARALLELISM,
                1,
                0);
        if (backend.equals("rocksdb")) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        // Snapshots of hundreds of thousands of orders: above the in-memory storage's default bound.
        h.setCheckpointStorage(new JobManagerCheckpointStorage(Integer.MAX_VALUE));
        return h;
    }

    private static PaymentEvent[] reconciledPayment(int i) {
        return new PaymentEvent[] {
            new PaymentEvent(
                    "e-" + orderId(i) + "-d",
                    orderId(i),
                    EventType.DEBIT,
                    "150000.00",
                    "IDR",
                    at(0),
                    "pay-1",
                    Kind.PAYMENT,
                    null),
            new PaymentEvent(
                    "e-" + orderId(i) + "-c",
                    orderId(i),
                    EventType.CREDIT,
                    "150000.00",
                    "IDR",
                    at(0),
                    "pay-1",
                    Kind.PAYMENT,
                    null)
        };
    }

    @Test
    void anOrderKeptForItsMoneyAfterRetention() throws Exception {
        long bytes = bytesPerOrder(
                "money",
                StateFootprintTest::reconciledPayment,
                at(8 * 86_400)); // past --retention (7d), within --money-retention (180d)
        System.out.printf("state per order kept for --money-retention: %d bytes%n", bytes);
        assertThat(bytes).as("the ledger only: no events, no ids").isLessThan(150);
    }
}
