package io.payrecon.job;

import static io.payrecon.matching.Events.at;
import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.job.config.JobConfig;
import io.payrecon.job.reconcile.ReconcileOperator;
import io.payrecon.job.state.FlinkTypes;
import io.payrecon.job.state.StatementTotalsSerializer;
import io.payrecon.job.statements.StatementWindowHarness;
import io.payrecon.matching.MatchingRules;
import io.payrecon.matching.OrderState;
import io.payrecon.model.EventType;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.Kind;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import io.payrecon.statements.PeriodTotals;
import io.payrecon.statements.Statement;
import io.payrecon.statements.StatementPeriod;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.fs.FSDataInputStream;
import org.apache.flink.core.memory.DataInputViewStreamWrapper;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupsStateHandle;
import org.apache.flink.runtime.state.KeyedBackendSerializationProxy;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.StreamStateHandle;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.metainfo.StateMetaInfoSnapshot;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every later build must restore the matching operator's state as each release wrote it, and finish
 * what was in flight: open pairs, events still buffered ahead of the watermark, a raised alert
 * waiting for its late counterpart, recorded event ids, a lifecycle status, pending timers.
 *
 * <p>The snapshots under src/test/resources/state-snapshots/ were written by {@link #writeSnapshot}
 * from each release and are never rewritten: a failure here means a change broke old savepoints.
 * Release 1.0 holds events in Flink's POJO form (they migrate); release 1.1 holds them in the event
 * serializer's format under its snapshot's old name, {@code io.payrecon.model.PaymentEventSerializer$Snapshot},
 * from before the serializer moved to the Flink shell; release 1.2 (the heap buffer) the same
 * format with the unmatched-open count in operator state. Release 2.0 (contract v2) added {@code
 * OrderState.seenFacts}: the order state of 1.x migrates to it (Flink's POJO evolution; a RocksDB
 * restore rewrites each order once), and its ids have no facts, so every copy of them is a replay,
 * as before. To add the snapshot of a new release next to them (not instead of them):
 * {@code mvn test -Dtest=StateCompatibilityTest#writeSnapshot -Dpayrecon.writeSnapshot=2.0}, and
 * again with {@code -Dpayrecon.writeSnapshot=2.0-rocksdb -Dpayrecon.snapshotBackend=rocksdb}.
 */
class StateCompatibilityTest {
    static final Path SNAPSHOT_1_0 = Path.of("src/test/resources/state-snapshots/reconcile-orders-1.0.snapshot");
    /**
     * The same state in RocksDB's own snapshot format (a checkpoint of one backend does not restore
     * into the other), written by {@link #writeSnapshot} with a RocksDB backend from commit 8c70bcc,
     * the last one with the 1.0 state format.
     */
    static final Path SNAPSHOT_1_0_ROCKSDB =
            Path.of("src/test/resources/state-snapshots/reconcile-orders-1.0-rocksdb.snapshot");
    /** Written by {@link #writeSnapshot} from commit feb71be (heap, then RocksDB), before the serializer moved. */
    static final Path SNAPSHOT_1_1 = Path.of("src/test/resources/state-snapshots/reconcile-orders-1.1.snapshot");

    static final Path SNAPSHOT_1_1_ROCKSDB =
            Path.of("src/test/resources/state-snapshots/reconcile-orders-1.1-rocksdb.snapshot");
    /** Written by {@link #writeSnapshot} from commit 8158acd (heap, then RocksDB), the last of contract v1. */
    static final Path SNAPSHOT_1_2 = Path.of("src/test/resources/state-snapshots/reconcile-orders-1.2.snapshot");

    static final Path SNAPSHOT_1_2_ROCKSDB =
            Path.of("src/test/resources/state-snapshots/reconcile-orders-1.2-rocksdb.snapshot");
    /** The first with contract v2's recorded facts. */
    static final Path SNAPSHOT_2_0 = Path.of("src/test/resources/state-snapshots/reconcile-orders-2.0.snapshot");

    static final Path SNAPSHOT_2_0_ROCKSDB =
            Path.of("src/test/resources/state-snapshots/reconcile-orders-2.0-rocksdb.snapshot");

    /**
     * Contract v3: recorded ids and closed movements in map state beside the order, open movements
     * and the money ledger in it. Written by {@link #writeSnapshot} (and, for the movements, {@link
     * #writeMovementsSnapshot}) at the commit that introduced them.
     */
    static final Path SNAPSHOT_3_0 = Path.of("src/test/resources/state-snapshots/reconcile-orders-3.0.snapshot");

    static final Path SNAPSHOT_3_0_ROCKSDB =
            Path.of("src/test/resources/state-snapshots/reconcile-orders-3.0-rocksdb.snapshot");

    static final Path MOVEMENTS_3_0 =
            Path.of("src/test/resources/state-snapshots/reconcile-orders-3.0-movements.snapshot");

    static final Path MOVEMENTS_3_0_ROCKSDB =
            Path.of("src/test/resources/state-snapshots/reconcile-orders-3.0-movements-rocksdb.snapshot");

    /** Every committed snapshot: release, backend, file, and whether the order state restores as is. */
    static Stream<Arguments> snapshots() {
        return Stream.of(
                Arguments.of("1.0", "hashmap", SNAPSHOT_1_0, false),
                Arguments.of("1.0", "rocksdb", SNAPSHOT_1_0_ROCKSDB, false),
                Arguments.of("1.1", "hashmap", SNAPSHOT_1_1, false),
                Arguments.of("1.1", "rocksdb", SNAPSHOT_1_1_ROCKSDB, false),
                Arguments.of("1.2", "hashmap", SNAPSHOT_1_2, false),
                Arguments.of("1.2", "rocksdb", SNAPSHOT_1_2_ROCKSDB, false),
                Arguments.of("2.0", "hashmap", SNAPSHOT_2_0, false),
                Arguments.of("2.0", "rocksdb", SNAPSHOT_2_0_ROCKSDB, false),
                Arguments.of("3.0", "hashmap", SNAPSHOT_3_0, true),
                Arguments.of("3.0", "rocksdb", SNAPSHOT_3_0_ROCKSDB, true));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> harness()
            throws Exception {
        // The max parallelism the snapshot was taken with is frozen with it.
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new ReconcileOperator(MatchingRules.defaults()),
                e -> e.orderId,
                Types.STRING,
                JobConfig.MAX_PARALLELISM,
                1,
                0);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> harness(
            String backend) throws Exception {
        var h = harness();
        if (backend.equals("rocksdb")) {
            // RocksDB restores the snapshot's bytes as they are and migrates what a later serializer
            // writes differently (events: Flink's POJO form in 1.0) entry by entry; the heap backend
            // reads every object with the old serializer. Both paths must work.
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        return h;
    }

    /**
     * The statement window (release 2.0, uid {@code statement-periods}): open periods' running totals in
     * {@link StatementTotalsSerializer}'s format and the number of statements written per period.
     * Written by {@link #writeStatementSnapshot} from commit 3634bb9 (heap, then RocksDB), the last
     * before the code moved into modules by role.
     */
    static final Path STATEMENTS_2_0 = Path.of("src/test/resources/state-snapshots/statement-periods-2.0.snapshot");

    static final Path STATEMENTS_2_0_ROCKSDB =
            Path.of("src/test/resources/state-snapshots/statement-periods-2.0-rocksdb.snapshot");

    /** Release 3.0: the totals' format 2 (reversals, fees) and the trigger's batched revisions. */
    static final Path STATEMENTS_3_0 = Path.of("src/test/resources/state-snapshots/statement-periods-3.0.snapshot");

    static final Path STATEMENTS_3_0_ROCKSDB =
            Path.of("src/test/resources/state-snapshots/statement-periods-3.0-rocksdb.snapshot");

    static Stream<Arguments> statementSnapshots() {
        return Stream.of(
                Arguments.of("2.0", "hashmap", STATEMENTS_2_0),
                Arguments.of("2.0", "rocksdb", STATEMENTS_2_0_ROCKSDB),
                Arguments.of("3.0", "hashmap", STATEMENTS_3_0),
                Arguments.of("3.0", "rocksdb", STATEMENTS_3_0_ROCKSDB));
    }

    /** One-minute periods, one hour of retention: what the statement snapshots were written with. */
    private static final StatementPeriod STATEMENT_PERIOD = StatementPeriod.of(Duration.ofMinutes(1));

    private static final long STATEMENT_RETENTION = Duration.ofHours(1).toMillis();

    private static KeyedOneInputStreamOperatorTestHarness<Byte, PeriodTotals, Statement> statementHarness(
            String backend) throws Exception {
        return StatementWindowHarness.of(STATEMENT_PERIOD, STATEMENT_RETENTION, backend);
    }

    /** Periods holding a value in the named per-window state, on either backend. */
    private static long windowsIn(KeyedOneInputStreamOperatorTestHarness<Byte, PeriodTotals, Statement> h, String state)
            throws Exception {
        KeyedStateBackend<Object> backend = ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
        try (var windows = backend.getKeysAndNamespaces(state)) {
            return windows.count();
        }
    }

    private static StreamRecord<PeriodTotals> paid(String order, String amount, double seconds) {
        PaymentEvent debit = side("d-" + order, order, EventType.DEBIT, amount, seconds);
        PaymentEvent credit = side("c-" + order, order, EventType.CREDIT, amount, seconds);
        ReconciledRecord record = new ReconciledRecord(debit, credit, null, false);
        return new StreamRecord<>(new PeriodTotals().add(record), record.matchedTime);
    }

    /** Period [0, 60 s) stated once and still open for revisions; period [60 s, 120 s) not stated yet. */
    @Test
    @EnabledIfSystemProperty(named = "payrecon.writeStatementSnapshot", matches = ".+")
    void writeStatementSnapshot() throws Exception {
        var h = statementHarness(System.getProperty("payrecon.snapshotBackend", "hashmap"));
        h.open();
        h.processElement(paid("o-1", "10.00", 10));
        h.processElement(paid("o-2", "2.50", 20));
        h.processWatermark(at(60) - 1); // revision 0 of the first period
        h.processElement(paid("o-3", "7.00", 70));
        OperatorSubtaskState snapshot = h.snapshot(1L, at(61));
        Path target = Path.of("src/test/resources/state-snapshots/statement-periods-"
                + System.getProperty("payrecon.writeStatementSnapshot") + ".snapshot");
        OperatorSnapshotUtil.writeStateHandle(snapshot, target.toString());
        assertThat(h.extractOutputValues()).hasSize(1);
        h.close();
        assertThat(target).exists();
    }

    /**
     * A restored window carries on: a late record revises the stated period with the totals from
     * before the snapshot, the unstated period is stated once with what it held, and both are gone
     * (state empty) once event time passes their end + retention.
     */
    @ParameterizedTest(name = "release {0} on {1}")
    @MethodSource("statementSnapshots")
    void statementWindowRestoresAndCarriesOn(String release, String backend, Path snapshot) throws Exception {
        assertThat(snapshot).exists();
        var h = statementHarness(backend);
        h.initializeState(OperatorSnapshotUtil.readStateHandle(snapshot.toString()));
        h.open();
        h.processElement(paid("o-4", "1.25", 30)); // behind the watermark: revises the first period
        h.processWatermark(at(120) - 1); // the second period is stated
        assertThat(windowsIn(h, "window-contents"))
                .as("both periods open for revisions")
                .isEqualTo(2);
        assertThat(windowsIn(h, "statements-written")).isEqualTo(2);
        h.processWatermark(at(120) + STATEMENT_RETENTION); // both periods' revisions have ended

        List<String> statements = h.extractOutputValues().stream()
                .map(s -> (s.periodStart() - at(0)) / 1000 + "s r" + s.revision() + " "
                        + s.totals().recordCount() + " records "
                        + s.totals().currencies().get("EUR").reconciledAmount().toPlainString())
                .collect(Collectors.toList());
        assertThat(statements).containsExactly("0s r1 3 records 13.75", "60s r0 1 records 7.00");
        for (String state : List.of("window-contents", "statements-written")) {
            assertThat(windowsIn(h, state)).as("windows left in " + state).isZero();
        }
        assertThat(h.numEventTimeTimers()).as("no window timer left").isZero();
        h.close();
    }

    /**
     * Savepoints name classes by their fully qualified names (serializer snapshots, POJO classes, enum
     * classes), and Flink loads them by those names on restore: every class named in a committed
     * snapshot must still load, and the project's own ones are pinned here so that a move or rename
     * of one fails this test before it fails a customer's restore.
     */
    @Test
    void everyClassNamedInACommittedSnapshotStillLoads() throws Exception {
        Set<String> named = new TreeSet<>();
        for (Path snapshot : committedSnapshots()) {
            named.addAll(classNamesIn(snapshot));
        }
        for (String name : named) {
            assertThat(loads(name))
                    .as(name + " is named in a committed snapshot and must load")
                    .isTrue();
        }
        assertThat(named.stream().filter(n -> n.startsWith("io.payrecon.")))
                .as("the project's classes that savepoints name: each keeps its fully qualified name")
                .containsExactlyInAnyOrder(
                        "io.payrecon.matching.OrderState",
                        "io.payrecon.model.EventType",
                        "io.payrecon.model.PaymentEvent",
                        "io.payrecon.model.PaymentEventSerializer$Snapshot",
                        "io.payrecon.job.state.PaymentEventSerializer$Snapshot",
                        "io.payrecon.job.StatementTotalsSerializer$Snapshot",
                        // Release 3.0 (contract v3).
                        "io.payrecon.matching.OpenMovement",
                        "io.payrecon.matching.CurrencyLedger",
                        "io.payrecon.matching.InlineFact",
                        "io.payrecon.matching.InlineMovement",
                        "io.payrecon.model.Kind",
                        "io.payrecon.job.state.RecordedFactSerializer$Snapshot",
                        "io.payrecon.job.state.ClosedMovementSerializer$Snapshot",
                        "io.payrecon.job.state.StatementTotalsSerializer$Snapshot");
    }

    private static List<Path> committedSnapshots() throws Exception {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/state-snapshots"))) {
            List<Path> all = files.sorted().collect(Collectors.toList());
            assertThat(all).hasSizeGreaterThanOrEqualTo(14);
            return all;
        }
    }

    /**
     * Dotted Java names with a capitalised simple name, as serializer snapshots write them; the first
     * segment is anchored because a length byte before a name can read as a letter.
     */
    private static final Pattern CLASS_NAME =
            Pattern.compile("(?:io|org|com|java)\\.(?:[a-z][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_]*(?:\\$[A-Za-z0-9_]+)*");

    private static Set<String> classNamesIn(Path snapshot) throws Exception {
        // Latin-1 maps every byte to one char, so names written as modified UTF-8 read as they are.
        String text = new String(Files.readAllBytes(snapshot), StandardCharsets.ISO_8859_1);
        Set<String> names = new TreeSet<>();
        Matcher m = CLASS_NAME.matcher(text);
        while (m.find()) {
            names.add(m.group());
        }
        return names;
    }

    private static boolean loads(String name) {
        try {
            Class.forName(name, false, StateCompatibilityTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Keys holding a value in the named keyed state (the harness counts entries on the heap only). */
    private static long keysIn(
            KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> h, String state)
            throws Exception {
        KeyedStateBackend<Object> backend = ((AbstractStreamOperator<?>) h.getOperator()).getKeyedStateBackend();
        try (Stream<Object> keys = backend.getKeys(state, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    private static PaymentEvent side(String id, String order, EventType type, String amount, double seconds) {
        return new PaymentEvent(id, order, type, amount, "EUR", at(seconds));
    }

    private static void send(
            KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> h, PaymentEvent e)
            throws Exception {
        h.processElement(new StreamRecord<>(e, e.eventTime));
    }

    /** The state in flight that the snapshot holds. */
    @Test
    @EnabledIfSystemProperty(named = "payrecon.writeSnapshot", matches = ".+")
    void writeSnapshot() throws Exception {
        var h = harness(System.getProperty("payrecon.snapshotBackend", "hashmap"));
        h.open();
        send(h, side("d-open", "o-open", EventType.DEBIT, "10.00", 0)); // waits for its credit
        send(h, side("d-pend", "o-pending", EventType.DEBIT, "20.00", 0));
        send(h, side("c-pend", "o-pending", EventType.CREDIT, "20.00", 5)); // still buffered at the snapshot
        send(h, side("d-late", "o-flagged", EventType.DEBIT, "30.00", -1000)); // its alert is raised
        send(h, PaymentEvent.lifecycle("l-conf", "o-life", EventType.ORDER_CONFIRMED, at(0)));
        send(h, side("d-paid", "o-paired", EventType.DEBIT, "40.00", 0));
        send(h, side("c-paid", "o-paired", EventType.CREDIT, "40.00", 0.5));
        h.processWatermark(at(1));
        h.prepareSnapshotPreBarrier(1L); // as the task does: the heap buffer goes into keyed state
        OperatorSubtaskState snapshot = h.snapshot(1L, at(1));
        Path target = Path.of("src/test/resources/state-snapshots/reconcile-orders-"
                + System.getProperty("payrecon.writeSnapshot") + ".snapshot");
        OperatorSnapshotUtil.writeStateHandle(snapshot, target.toString());
        h.close();
        assertThat(target).exists();
    }

    @ParameterizedTest(name = "release {0} on {1}")
    @MethodSource("snapshots")
    void restoresAndFinishesWhatWasInFlight(String release, String backend, Path snapshot, boolean asIs)
            throws Exception {
        assertThat(snapshot).exists();
        var h = harness(backend);
        h.initializeState(OperatorSnapshotUtil.readStateHandle(snapshot.toString()));
        h.open();
        assertThat(keysIn(h, "order")).as("five orders in state").isEqualTo(5);
        assertThat(h.numEventTimeTimers()).as("one timer per order").isEqualTo(5);

        h.processWatermark(at(5)); // the buffered credit is due
        send(h, side("c-open", "o-open", EventType.CREDIT, "10.00", 10)); // in time
        send(h, side("c-late", "o-flagged", EventType.CREDIT, "30.00", -900)); // behind the watermark: late
        send(h, side("d-paid", "o-paired", EventType.DEBIT, "40.00", 0)); // a redelivery: dropped
        send(h, PaymentEvent.lifecycle("l-paid", "o-life", EventType.ORDER_PAYMENT_SUCCESS, at(20)));
        send(h, PaymentEvent.lifecycle("l-again", "o-life", EventType.ORDER_CONFIRMED, at(21)));
        h.processWatermark(Long.MAX_VALUE);

        List<String> reconciled = h.extractOutputValues().stream()
                .map(r -> r.orderId + ":" + r.debitEventId + "+" + r.creditEventId + (r.late ? " late" : ""))
                .collect(Collectors.toList());
        assertThat(reconciled)
                .containsExactlyInAnyOrder(
                        "o-pending:d-pend+c-pend", "o-flagged:d-late+c-late late", "o-open:d-open+c-open");
        List<String> exceptions = h.getSideOutput(ReconcileOperator.EXCEPTIONS).stream()
                .map(r -> {
                    ExceptionRecord e = r.getValue();
                    return e.exceptionId + " " + e.state;
                })
                .collect(Collectors.toList());
        assertThat(exceptions)
                .containsExactlyInAnyOrder(
                        "o-flagged:UNMATCHED_DEBIT RESOLVED", "o-life:INVALID_TRANSITION:l-again OPEN");
        assertThat(keysIn(h, "order")).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    private static PaymentEvent moneySide(
            String id, String order, EventType type, String movement, Kind kind, String amount, String fee, double s) {
        return new PaymentEvent(id, order, type, amount, "EUR", at(s), movement, kind, fee);
    }

    /**
     * Contract v3 in flight: a payment reconciled and its refund waiting for its credit (o-m); an order
     * over-refunded (o-over, OVER_REFUND open with an excess of 20); a credit with a fee still
     * buffered ahead of the watermark (o-fee).
     */
    @Test
    @EnabledIfSystemProperty(named = "payrecon.writeMovementsSnapshot", matches = ".+")
    void writeMovementsSnapshot() throws Exception {
        var h = harness(System.getProperty("payrecon.snapshotBackend", "hashmap"));
        h.open();
        send(h, moneySide("d-p1", "o-m", EventType.DEBIT, "p1", Kind.PAYMENT, "100.00", null, 0));
        send(h, moneySide("c-p1", "o-m", EventType.CREDIT, "p1", Kind.PAYMENT, "100.00", null, 0.1));
        send(h, moneySide("d-r1", "o-m", EventType.DEBIT, "r1", Kind.REFUND, "30.00", null, 0.2));
        send(h, moneySide("d-p", "o-over", EventType.DEBIT, null, Kind.PAYMENT, "10", null, 0));
        send(h, moneySide("c-p", "o-over", EventType.CREDIT, null, Kind.PAYMENT, "10", null, 0));
        send(h, moneySide("d-r", "o-over", EventType.DEBIT, "r", Kind.REFUND, "30", null, 0.5));
        send(h, moneySide("c-r", "o-over", EventType.CREDIT, "r", Kind.REFUND, "30", null, 0.5));
        send(h, moneySide("c-f", "o-fee", EventType.CREDIT, null, Kind.PAYMENT, "97.10", "2.90", 5));
        h.processWatermark(at(1));
        h.prepareSnapshotPreBarrier(1L);
        OperatorSubtaskState snapshot = h.snapshot(1L, at(1));
        Path target = Path.of("src/test/resources/state-snapshots/reconcile-orders-"
                + System.getProperty("payrecon.writeMovementsSnapshot") + ".snapshot");
        OperatorSnapshotUtil.writeStateHandle(snapshot, target.toString());
        assertThat(h.getSideOutput(ReconcileOperator.EXCEPTIONS).stream().map(r -> r.getValue().exceptionId))
                .containsExactly("o-over:OVER_REFUND:EUR");
        h.close();
    }

    static Stream<Arguments> movementSnapshots() {
        return Stream.of(
                Arguments.of("3.0", "hashmap", MOVEMENTS_3_0), Arguments.of("3.0", "rocksdb", MOVEMENTS_3_0_ROCKSDB));
    }

    /** Contract v3: movements, recorded facts and the money ledger carry on across a restore. */
    @ParameterizedTest(name = "release {0} on {1}")
    @MethodSource("movementSnapshots")
    void movementsAndMoneyCarryOn(String release, String backend, Path snapshot) throws Exception {
        assertThat(snapshot).exists();
        var h = harness(backend);
        h.initializeState(OperatorSnapshotUtil.readStateHandle(snapshot.toString()));
        h.open();
        send(h, moneySide("c-r1", "o-m", EventType.CREDIT, "r1", Kind.REFUND, "30.00", null, 2)); // the refund's credit
        send(h, moneySide("d-p1", "o-m", EventType.DEBIT, "p1", Kind.PAYMENT, "100.00", null, 0)); // a replay
        send(h, moneySide("d-p1x", "o-m", EventType.DEBIT, "p1", Kind.PAYMENT, "100.00", null, 3)); // a duplicate
        send(h, moneySide("c-r", "o-over", EventType.CREDIT, "r", Kind.REFUND, "31", null, 0.5)); // a conflict
        send(h, moneySide("d-p2", "o-over", EventType.DEBIT, "p2", Kind.PAYMENT, "25", null, 4));
        send(h, moneySide("c-p2", "o-over", EventType.CREDIT, "p2", Kind.PAYMENT, "25", null, 4));
        send(h, moneySide("d-f", "o-fee", EventType.DEBIT, null, Kind.PAYMENT, "100.00", null, 5));
        h.processWatermark(Long.MAX_VALUE);

        assertThat(h.extractOutputValues().stream()
                        .map(r -> r.orderId + ":" + r.debitEventId + "+" + r.creditEventId + " " + r.kind
                                + (r.fee == null ? "" : " fee " + r.fee)))
                .containsExactlyInAnyOrder(
                        "o-m:d-r1+c-r1 REFUND", "o-over:d-p2+c-p2 PAYMENT", "o-fee:d-f+c-f PAYMENT fee 2.90");
        assertThat(h.getSideOutput(ReconcileOperator.EXCEPTIONS).stream()
                        .map(r -> r.getValue().exceptionId + " " + r.getValue().state + " " + r.getValue().amount))
                .containsExactlyInAnyOrder(
                        "o-m:DUPLICATE_DEBIT:d-p1x OPEN 100.00",
                        "o-over:EVENT_ID_CONFLICT:c-r OPEN 31",
                        "o-over:OVER_REFUND:EUR RESOLVED 20");
        assertThat(keysIn(h, "order")).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    /** Contract v2: what a 2.0 snapshot recorded per id survives it, so a conflicting copy is still caught. */
    @ParameterizedTest(name = "release 2.0 on {0}")
    @ValueSource(strings = {"hashmap", "rocksdb"})
    void recordedFactsSurviveARestore(String backend) throws Exception {
        var h = harness(backend);
        h.initializeState(OperatorSnapshotUtil.readStateHandle(
                (backend.equals("rocksdb") ? SNAPSHOT_2_0_ROCKSDB : SNAPSHOT_2_0).toString()));
        h.open();
        send(h, side("d-open", "o-open", EventType.DEBIT, "10.0", 0)); // the recorded fact: a replay
        send(h, side("d-open", "o-open", EventType.DEBIT, "11.00", 0)); // another amount: a conflict
        h.processWatermark(Long.MAX_VALUE);
        assertThat(h.getSideOutput(ReconcileOperator.EXCEPTIONS).stream()
                        .map(r -> r.getValue().exceptionId + " " + r.getValue().amount)
                        .filter(id -> id.startsWith("o-open:"))
                        .collect(Collectors.toList()))
                .containsExactly("o-open:EVENT_ID_CONFLICT:d-open 11.00", "o-open:UNMATCHED_DEBIT 10.00");
        h.close();
    }

    /**
     * Today's order state serializer against the one each snapshot names: release 2.0's must be taken
     * as it is (no rewrite of every order on restore), the 1.x releases' must migrate (1.0: its events;
     * 1.1 and 1.2: the recorded facts field v2 added).
     */
    @ParameterizedTest(name = "release {0} on {1}")
    @MethodSource("snapshots")
    @SuppressWarnings("unchecked")
    void todaysOrderStateSerializerReadsEachRelease(String release, String backend, Path snapshot, boolean asIs)
            throws Exception {
        TypeSerializerSnapshot<OrderState> written = (TypeSerializerSnapshot<OrderState>) orderSerializerIn(snapshot);
        TypeSerializerSchemaCompatibility<OrderState> compatibility = FlinkTypes.of(OrderState.class)
                .createSerializer(new SerializerConfigImpl())
                .snapshotConfiguration()
                .resolveSchemaCompatibility(written);
        if (asIs) {
            assertThat(compatibility.isCompatibleAsIs())
                    .as(compatibility.toString())
                    .isTrue();
        } else {
            assertThat(compatibility.isCompatibleAfterMigration())
                    .as(compatibility.toString())
                    .isTrue();
        }
    }

    /** The serializer snapshot of the keyed state "order", from the snapshot's own metadata. */
    private static TypeSerializerSnapshot<?> orderSerializerIn(Path snapshot) throws Exception {
        OperatorSubtaskState state = OperatorSnapshotUtil.readStateHandle(snapshot.toString());
        KeyedStateHandle keyed = state.getManagedKeyedState().iterator().next();
        StreamStateHandle metadata = keyed instanceof IncrementalRemoteKeyedStateHandle
                ? ((IncrementalRemoteKeyedStateHandle) keyed).getMetaDataStateHandle()
                : (KeyGroupsStateHandle) keyed; // a full snapshot starts with the same metadata
        try (FSDataInputStream in = metadata.openInputStream()) {
            KeyedBackendSerializationProxy<String> proxy =
                    new KeyedBackendSerializationProxy<>(StateCompatibilityTest.class.getClassLoader());
            proxy.read(new DataInputViewStreamWrapper(in));
            return proxy.getStateMetaInfoSnapshots().stream()
                    .filter(info -> info.getName().equals("order"))
                    .findFirst()
                    .orElseThrow()
                    .getTypeSerializerSnapshot(StateMetaInfoSnapshot.CommonSerializerKeys.VALUE_SERIALIZER);
        }
    }
}
