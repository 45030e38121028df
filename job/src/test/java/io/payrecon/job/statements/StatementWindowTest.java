package io.payrecon.job.statements;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.model.EventType;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.MalformedSource;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import io.payrecon.statements.PeriodTotals;
import io.payrecon.statements.Statement;
import io.payrecon.statements.StatementPeriod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The statements topic's timing rules on a real (bounded, parallelism 1) Flink pipeline, with the
 * watermark moved step by step: revision 0 when event time reaches a period's last millisecond, a
 * complete revision + 1 per watermark after late records (contract v3: batched) while event time is
 * below the period's end + retention,
 * nothing (but a metric) after that, every period with records stated at the end of input, none
 * without records.
 */
class StatementWindowTest {
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .build());

    private static final StatementPeriod HOUR = StatementPeriod.of(Duration.ofHours(1));
    private static final long RETENTION = Duration.ofHours(2).toMillis();

    private static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    /** One step of a test input: a reconciled record, an exception, or the watermark moving on. */
    public static class Step {
        public ReconciledRecord reconciled;
        public ExceptionRecord exception;
        public Long watermark;

        public Step() {}

        long time() {
            if (reconciled != null) {
                return reconciled.matchedTime;
            }
            if (exception != null) {
                return exception.detectedTime == null ? 0 : exception.detectedTime;
            }
            return watermark;
        }
    }

    private static int ids;

    static Step reconciled(String time, String amount) {
        PaymentEvent debit = new PaymentEvent("d" + ++ids, "o" + ids, EventType.DEBIT, amount, "EUR", t(time));
        PaymentEvent credit = new PaymentEvent("c" + ids, "o" + ids, EventType.CREDIT, amount, "EUR", t(time));
        Step step = new Step();
        step.reconciled = new ReconciledRecord(debit, credit, null, false);
        return step;
    }

    /** An unmatched debit flagged at {@code time} (its deadline). */
    static Step unmatched(String time, String amount, String currency) {
        PaymentEvent debit =
                new PaymentEvent("d" + ++ids, "o" + ids, EventType.DEBIT, amount, currency, t(time) - 600_000);
        Step step = new Step();
        step.exception = ExceptionRecord.unmatched(debit, t(time), "10m");
        return step;
    }

    static Step malformed() {
        Step step = new Step();
        step.exception = ExceptionRecord.malformed(
                null, "the value is not a JSON object", MalformedSource.kafka("x", false, "reconciliation", 0, 1));
        return step;
    }

    static Step watermark(String time) {
        Step step = new Step();
        step.watermark = t(time);
        return step;
    }

    /** The statement the window must write: the period of {@code start}, with these records' figures. */
    static Statement statement(String start, long revision, Step... records) {
        PeriodTotals totals = new PeriodTotals();
        for (Step r : records) {
            if (r.reconciled != null) {
                totals.add(r.reconciled);
            } else {
                totals.add(r.exception);
            }
        }
        return new Statement(t(start), t(start) + HOUR.millis(), revision, totals);
    }

    @Test
    void revisionZeroAtThePeriodsLastMillisecondThenACompleteRevisionPerWatermarkWithLateRecords() throws Exception {
        Step first = reconciled("2026-11-21T10:05:00Z", "100.5");
        Step lastMillisecond = unmatched("2026-11-21T10:59:59.999Z", "0.25", "USD");
        Step nextPeriod = reconciled("2026-11-21T11:00:00Z", "7");
        Step late = reconciled("2026-11-21T10:30:00Z", "0.25");
        Step lateAgain = unmatched("2026-11-21T10:00:00Z", "3", "EUR");
        Run run = run(
                RuntimeExecutionMode.STREAMING,
                first,
                watermark("2026-11-21T10:59:59.998Z"),
                lastMillisecond,
                nextPeriod,
                malformed(),
                // Event time reaches 10:59:59.999: the period is complete.
                watermark("2026-11-21T10:59:59.999Z"),
                late,
                watermark("2026-11-21T11:30:00Z"),
                lateAgain);
        assertThat(run.statements)
                .containsExactly(
                        statement("2026-11-21T10:00:00Z", 0, first, lastMillisecond),
                        statement("2026-11-21T10:00:00Z", 1, first, lastMillisecond, late),
                        statement("2026-11-21T10:00:00Z", 2, first, lastMillisecond, late, lateAgain),
                        // The end of input.
                        statement("2026-11-21T11:00:00Z", 0, nextPeriod));
        assertThat(run.counter(StatementWindow.REVISIONS)).isEqualTo(2);
        assertThat(run.counter(StatementWindow.RECORDS_TOO_OLD)).isZero();
    }

    /** Contract v3: a producer catching up writes one revision per period per watermark, not one per record. */
    @Test
    void oneHundredThousandLateEntriesBetweenTwoWatermarksGiveOneRevision() throws Exception {
        var h = StatementWindowHarness.of(HOUR, Duration.ofDays(1).toMillis(), "hashmap");
        h.open();
        long start = t("2026-11-21T10:00:00Z");
        h.processElement(entry(start + 1, "1.00"));
        h.processWatermark(start + HOUR.millis() - 1); // revision 0
        for (int i = 0; i < 100_000; i++) {
            h.processElement(entry(start + 2 + i, "0.01"));
        }
        h.processWatermark(start + HOUR.millis() + 60_000);
        h.processElement(entry(start + 5, "2.00"));
        h.processWatermark(start + HOUR.millis() + 120_000);
        h.processWatermark(start + HOUR.millis() + 180_000); // nothing new: no revision
        List<String> statements = h.extractOutputValues().stream()
                .map(s -> "r" + s.revision() + " " + s.totals().recordCount() + " "
                        + s.totals().currencies().get("EUR").reconciledAmount().toPlainString())
                .collect(Collectors.toList());
        assertThat(statements).containsExactly("r0 1 1.00", "r1 100001 1001.00", "r2 100002 1003.00");
        h.close();
    }

    private static StreamRecord<PeriodTotals> entry(long time, String amount) {
        PaymentEvent debit = new PaymentEvent("d" + time, "o" + time, EventType.DEBIT, amount, "EUR", time);
        PaymentEvent credit = new PaymentEvent("c" + time, "o" + time, EventType.CREDIT, amount, "EUR", time);
        return new StreamRecord<>(new PeriodTotals().add(new ReconciledRecord(debit, credit, null, false)), time);
    }

    @Test
    void revisionsAreWrittenWhileEventTimeIsBelowThePeriodsEndPlusRetention() throws Exception {
        Step first = reconciled("2026-11-21T10:05:00Z", "1.00");
        Step lastChance = reconciled("2026-11-21T10:10:00Z", "2.00");
        Step tooOld = reconciled("2026-11-21T10:15:00Z", "4.00");
        Step tooOldToo = unmatched("2026-11-21T09:15:00Z", "8.00", "EUR");
        Step current = reconciled("2026-11-21T13:00:00Z", "16");
        Run run = run(
                RuntimeExecutionMode.STREAMING,
                first,
                // The period ends at 11:00; with 2h retention its revisions end at 13:00.
                watermark("2026-11-21T12:59:59.999Z"),
                lastChance,
                watermark("2026-11-21T13:00:00Z"),
                tooOld,
                tooOldToo,
                current);
        assertThat(run.statements)
                .containsExactly(
                        statement("2026-11-21T10:00:00Z", 0, first),
                        statement("2026-11-21T10:00:00Z", 1, first, lastChance),
                        statement("2026-11-21T13:00:00Z", 0, current));
        assertThat(run.counter(StatementWindow.RECORDS_TOO_OLD)).isEqualTo(2);
        assertThat(run.counter(StatementWindow.REVISIONS)).isEqualTo(1);
    }

    @Test
    void aLateRecordForAPeriodNeverStatedGetsRevisionZeroAtOnce() throws Exception {
        Step early = reconciled("2026-11-21T10:05:00Z", "1");
        Step lateFirst = unmatched("2026-11-21T11:45:00Z", "5.5", "EUR");
        Run run = run(
                RuntimeExecutionMode.STREAMING,
                early,
                watermark("2026-11-21T12:30:00Z"),
                lateFirst,
                watermark("2026-11-21T12:45:00Z"));
        assertThat(run.statements)
                .containsExactly(
                        statement("2026-11-21T10:00:00Z", 0, early), statement("2026-11-21T11:00:00Z", 0, lateFirst));
        assertThat(run.counter(StatementWindow.REVISIONS)).isZero();
    }

    /**
     * No watermark at all: the end of input states every period with records, before 1970 too. Two
     * subtasks feed the window, each with its own sums.
     */
    @Test
    void theEndOfInputStatesEveryPeriodWithRecordsAndNoOtherPeriod() throws Exception {
        Step a = reconciled("2026-11-21T10:05:00Z", "1");
        Step b = unmatched("2026-11-21T12:30:00Z", "2", "IDR");
        Step c = reconciled("2026-11-21T15:10:00Z", "3");
        Step d = reconciled("2026-11-21T10:59:00Z", "4");
        Step beforeEpoch = reconciled("1969-12-31T23:30:00Z", "5");
        Run run = run(RuntimeExecutionMode.STREAMING, 2, a, b, c, d, beforeEpoch, malformed());
        assertThat(run.statements)
                .containsExactlyInAnyOrder(
                        statement("1969-12-31T23:00:00Z", 0, beforeEpoch),
                        statement("2026-11-21T10:00:00Z", 0, a, d),
                        statement("2026-11-21T12:00:00Z", 0, b),
                        statement("2026-11-21T15:00:00Z", 0, c));
    }

    /**
     * A file replay runs in BATCH mode: there is no late data, and every period is stated once, with
     * revision 0 and all its records.
     */
    @Test
    void inBatchModeEveryPeriodIsStatedOnceWithAllItsRecords() throws Exception {
        Step first = reconciled("2026-11-21T10:05:00Z", "100.5");
        Step next = reconciled("2026-11-21T11:00:00Z", "7");
        Step late = reconciled("2026-11-21T10:30:00Z", "0.25");
        Run run = run(RuntimeExecutionMode.BATCH, 2, first, next, watermark("2026-11-21T23:00:00Z"), late, malformed());
        assertThat(run.statements)
                .containsExactlyInAnyOrder(
                        statement("2026-11-21T10:00:00Z", 0, first, late), statement("2026-11-21T11:00:00Z", 0, next));
    }

    @Test
    void everyOperatorHasItsStableUidAndName() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DataStream<ReconciledRecord> reconciled = env.fromData(
                        TypeInformation.of(ReconciledRecord.class), reconciled("2026-11-21T10:05:00Z", "1").reconciled)
                .uid("test-reconciled");
        DataStream<ExceptionRecord> exceptions = env.fromData(
                        TypeInformation.of(ExceptionRecord.class), malformed().exception)
                .uid("test-exceptions");
        StatementWindow.define(reconciled, exceptions, HOUR, RETENTION)
                .sinkTo(new DiscardingSink<>())
                .uid("test-sink");
        Map<String, String> names = env.getStreamGraph().getStreamNodes().stream()
                .filter(node -> !node.getTransformationUID().startsWith("test-"))
                .collect(Collectors.toMap(StreamNode::getTransformationUID, StreamNode::getOperatorName));
        assertThat(names)
                .containsOnly(
                        Map.entry(StatementWindow.RECONCILED_ENTRIES_UID, StatementWindow.RECONCILED_ENTRIES_NAME),
                        Map.entry(StatementWindow.EXCEPTION_ENTRIES_UID, StatementWindow.EXCEPTION_ENTRIES_NAME),
                        Map.entry(StatementWindow.PERIODS_UID, StatementWindow.PERIODS_NAME),
                        Map.entry(StatementWindow.TOO_OLD_UID, StatementWindow.TOO_OLD_NAME));
        assertThat(Arrays.asList(
                        StatementWindow.RECONCILED_ENTRIES_UID,
                        StatementWindow.EXCEPTION_ENTRIES_UID,
                        StatementWindow.PERIODS_UID,
                        StatementWindow.TOO_OLD_UID))
                .containsExactly(
                        "statement-entries-reconciled",
                        "statement-entries-exceptions",
                        "statement-periods",
                        "statements-too-old");
    }

    private record Run(List<Statement> statements, JobID job) {
        long counter(String name) {
            Map<String, Metric> metrics = METRICS.findMetrics(job, name);
            assertThat(metrics).as(name).isNotEmpty();
            return metrics.values().stream()
                    .mapToLong(m -> ((Counter) m).getCount())
                    .sum();
        }
    }

    /** Runs the steps in order through one source subtask, so that records and watermarks keep their order. */
    private static Run run(RuntimeExecutionMode mode, Step... steps) throws Exception {
        return run(mode, 1, steps);
    }

    /** @param parallelism of the steps' split and the statements' first step (the source has 1) */
    private static Run run(RuntimeExecutionMode mode, int parallelism, Step... steps) throws Exception {
        Configuration conf = new Configuration();
        conf.set(ExecutionOptions.RUNTIME_MODE, mode);
        // As the job runs: no Kryo, and records handed on without copies.
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        env.setParallelism(parallelism);
        DataStream<Step> input = env.fromData(Arrays.asList(steps), TypeInformation.of(Step.class))
                .assignTimestampsAndWatermarks(WatermarkStrategy.<Step>forGenerator(context -> new StepWatermarks())
                        .withTimestampAssigner((step, previous) -> step.time()));
        SingleOutputStreamOperator<ReconciledRecord> reconciled = input.process(
                new Split(mode == RuntimeExecutionMode.STREAMING && parallelism == 1),
                TypeInformation.of(ReconciledRecord.class));
        DataStream<Statement> statements = StatementWindow.define(
                        reconciled, reconciled.getSideOutput(Split.EXCEPTIONS), HOUR, RETENTION)
                .transform("Watermark probe", StatementWindow.STATEMENT_TYPE, new WatermarkProbe())
                .setParallelism(1);
        // Every record and watermark leaves the source task at once, so that the split's wait ends.
        env.setBufferTimeout(0);
        WatermarkProbe.SEEN.set(Long.MIN_VALUE);
        List<Statement> out = new ArrayList<>();
        try (CloseableIterator<Statement> results = statements.collectAsync()) {
            JobClient job = env.executeAsync("statements");
            results.forEachRemaining(out::add);
            job.getJobExecutionResult().get();
            return new Run(out, job.getJobID());
        }
    }

    /** A watermark step moves the watermark right after it; nothing else does. */
    private static final class StepWatermarks implements WatermarkGenerator<Step> {
        @Override
        public void onEvent(Step step, long timestamp, WatermarkOutput output) {
            if (step.watermark != null) {
                output.emitWatermark(new org.apache.flink.api.common.eventtime.Watermark(step.watermark));
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {}
    }

    /**
     * Records to the two streams the window reads, as the matching operator's outputs are.
     *
     * <p>Why it waits: the two streams reach the window on two channels, and the window's watermark
     * is the lower of the two, so a record sent after a watermark on one channel may overtake that
     * watermark on the other and find the period not yet stated. In the job that only makes a late
     * record less late (never an on-time one late); here it would make the steps' order a race. So,
     * in STREAMING mode, a step after a watermark step waits until the window has passed that
     * watermark on.
     */
    private static final class Split extends ProcessFunction<Step, ReconciledRecord> {
        static final OutputTag<ExceptionRecord> EXCEPTIONS =
                new OutputTag<>("exceptions", TypeInformation.of(ExceptionRecord.class));

        private final boolean waitForTheWindow;
        private long lastWatermark = Long.MIN_VALUE;

        Split(boolean waitForTheWindow) {
            this.waitForTheWindow = waitForTheWindow;
        }

        @Override
        public void processElement(Step step, Context context, Collector<ReconciledRecord> out)
                throws InterruptedException {
            if (waitForTheWindow) {
                WatermarkProbe.awaitWatermark(lastWatermark);
            }
            if (step.watermark != null) {
                lastWatermark = step.watermark;
            } else if (step.reconciled != null) {
                out.collect(step.reconciled);
            } else if (step.exception != null) {
                context.output(EXCEPTIONS, step.exception);
            }
        }
    }

    /** Right after the window: the watermarks it has passed on, after firing every period they complete. */
    private static final class WatermarkProbe extends AbstractStreamOperator<Statement>
            implements OneInputStreamOperator<Statement, Statement> {
        static final AtomicLong SEEN = new AtomicLong(Long.MIN_VALUE);

        static void awaitWatermark(long watermark) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (SEEN.get() < watermark) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the window never passed watermark " + watermark + " on");
                }
                Thread.sleep(1);
            }
        }

        @Override
        public void processElement(StreamRecord<Statement> statement) {
            output.collect(statement);
        }

        @Override
        public void processWatermark(Watermark mark) throws Exception {
            super.processWatermark(mark);
            SEEN.accumulateAndGet(mark.getTimestamp(), Math::max);
        }
    }
}
