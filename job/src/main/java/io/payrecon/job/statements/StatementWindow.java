package io.payrecon.job.statements;

import io.payrecon.job.state.StatementSerializer;
import io.payrecon.job.state.StatementTotalsSerializer;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.ReconciledRecord;
import io.payrecon.statements.PeriodTotals;
import io.payrecon.statements.Statement;
import io.payrecon.statements.StatementEntry;
import io.payrecon.statements.StatementPeriod;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessAllWindowFunction;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;

/**
 * The period statements (contract v2, topic {@code statements}) as a Flink topology: each output
 * record becomes a {@link StatementEntry} at its contract time; entries are summed per period where
 * they are produced, between two watermarks; and one event-time window per period (global, so
 * parallelism 1) adds those sums up into the period's {@link PeriodTotals}.
 *
 * <p>How the contract's timing maps onto Flink's window: the {@link RevisionTrigger} fires when the
 * watermark reaches the period's last millisecond (the first statement, revision 0) and, contract v3,
 * at most once per later watermark for the elements that arrived since, while the window lives. The allowed lateness of
 * retention + 1 ms keeps the window until the watermark reaches the period's end + retention
 * (Flink drops it when {@code end - 1 + lateness <= watermark}), so revisions are written exactly
 * while event time is below that; a record for an older period goes to a side output, is counted in
 * {@value #RECORDS_TOO_OLD}, and is stated nowhere. A period with no record has no window, so no
 * statement. At the end of a bounded input the watermark jumps to +infinity and every open period is
 * stated; in BATCH mode (file replays) that is the only firing, so every period gets revision 0.
 *
 * <p>Why sums and not entries cross the network: the window is one subtask for the whole job, and
 * one element per output record would make it the job's limit (on RocksDB each element is a read
 * and a write of the period's totals). Entries ahead of the watermark are summed per period on the
 * heap until the next watermark, checkpoint barrier or end of input, and sent on before any of
 * them; such a sum cannot be late at the window (its records are ahead of every watermark that
 * went before it), so the window sees what it would have seen record by record. An entry at or
 * behind the watermark (a late arrival, rule 10) goes on at once and alone: its period may be
 * stated already, and the trigger gathers such records into one revision at the next watermark.
 *
 * <p>Every operator has a stable uid (savepoints map state by it: never change one) and a readable
 * name. Only the window keeps state: the running totals ({@link StatementTotalsSerializer}) and the
 * number of statements written, per open period.
 */
public final class StatementWindow {
    public static final String RECONCILED_ENTRIES_UID = "statement-entries-reconciled";
    public static final String EXCEPTION_ENTRIES_UID = "statement-entries-exceptions";
    public static final String PERIODS_UID = "statement-periods";
    public static final String TOO_OLD_UID = "statements-too-old";

    public static final String RECONCILED_ENTRIES_NAME = "Statement entries (reconciled)";
    public static final String EXCEPTION_ENTRIES_NAME = "Statement entries (exceptions)";
    public static final String PERIODS_NAME = "Statement periods";
    public static final String TOO_OLD_NAME = "Statement records too old";

    /** Counter of the too-old operator: records for a period whose revisions had ended. */
    public static final String RECORDS_TOO_OLD = "statement_records_too_old";
    /** Counter of the window operator: statements written with a revision above 0. */
    public static final String REVISIONS = "statement_revisions";

    public static final TypeInformation<PeriodTotals> TOTALS_TYPE = new StatementTotalsSerializer.TypeInfo();
    public static final TypeInformation<Statement> STATEMENT_TYPE = new StatementSerializer.TypeInfo();

    static final OutputTag<PeriodTotals> TOO_OLD = new OutputTag<>("statement-records-too-old", TOTALS_TYPE);

    private StatementWindow() {}

    /**
     * @param reconciled the reconciled records; their own time decides their period, whatever their
     *     stream timestamp
     * @param exceptions the exceptions; {@code MALFORMED_EVENT} is left out here. Pass the matching
     *     operator's side output itself (not its union with malformed input), so that the first step
     *     chains to the matching operator
     * @param retentionMillis the job's {@code --retention}: how long after a period's end a late record
     *     still revises its statement
     * @return the statements, each complete, from the one window subtask; their timestamps are the
     *     period's last millisecond
     */
    public static DataStream<Statement> define(
            DataStream<ReconciledRecord> reconciled,
            DataStream<ExceptionRecord> exceptions,
            StatementPeriod period,
            long retentionMillis) {
        if (retentionMillis < 0) {
            throw new IllegalArgumentException("the retention must not be negative, got " + retentionMillis);
        }
        SerializableFunction<ReconciledRecord, StatementEntry> ofReconciled = StatementEntry::of;
        SerializableFunction<ExceptionRecord, StatementEntry> ofException = StatementEntry::of;
        DataStream<PeriodTotals> fromReconciled = reconciled
                .transform(RECONCILED_ENTRIES_NAME, TOTALS_TYPE, new Entries<>(ofReconciled, period))
                .uid(RECONCILED_ENTRIES_UID);
        DataStream<PeriodTotals> fromExceptions = exceptions
                .transform(EXCEPTION_ENTRIES_NAME, TOTALS_TYPE, new Entries<>(ofException, period))
                .uid(EXCEPTION_ENTRIES_UID);

        SingleOutputStreamOperator<Statement> statements = fromReconciled
                .union(fromExceptions)
                .windowAll(TumblingEventTimeWindows.of(period.duration()))
                .trigger(new RevisionTrigger())
                .allowedLateness(Duration.ofMillis(Math.addExact(retentionMillis, 1)))
                .sideOutputLateData(TOO_OLD)
                .aggregate(new Sum(), new Revisions(), TOTALS_TYPE, TOTALS_TYPE, STATEMENT_TYPE)
                .uid(PERIODS_UID)
                .name(PERIODS_NAME);

        statements
                .getSideOutput(TOO_OLD)
                .process(new CountTooOld(), Types.VOID)
                .uid(TOO_OLD_UID)
                .name(TOO_OLD_NAME)
                // With the window (parallelism 1), so that it chains to it.
                .setParallelism(statements.getParallelism());
        return statements;
    }

    /**
     * Sums the entries of the records it sees per period, between watermarks (see the class comment);
     * each sum goes on stamped with the latest time it holds, so the window puts it in its period.
     * Holds nothing across a checkpoint: the sums go on before every barrier.
     */
    static final class Entries<T> extends AbstractStreamOperator<PeriodTotals>
            implements OneInputStreamOperator<T, PeriodTotals>, BoundedOneInput {
        private static final long serialVersionUID = 1L;

        /**
         * Periods summed at once before all go on early. Matters only where watermarks are rare: in
         * BATCH mode the only one comes at the end, and a long replay spans many periods.
         */
        static final int MAX_PERIODS = 1_024;

        private final SerializableFunction<T, StatementEntry> toEntry;
        private final StatementPeriod period;

        /** By period start. */
        private transient TreeMap<Long, PeriodSum> sums;

        private transient long watermark;

        /** The period of the last record summed, and its sum (null after a flush). */
        private transient long lastStart;

        private transient PeriodSum lastSum;

        private static final class PeriodSum {
            final PeriodTotals totals = new PeriodTotals();
            long latest = Long.MIN_VALUE;
        }

        Entries(SerializableFunction<T, StatementEntry> toEntry, StatementPeriod period) {
            this.toEntry = toEntry;
            this.period = period;
        }

        @Override
        public void open() throws Exception {
            super.open();
            sums = new TreeMap<>();
            watermark = Long.MIN_VALUE;
        }

        @Override
        public void processElement(StreamRecord<T> record) {
            StatementEntry entry = toEntry.apply(record.getValue());
            if (entry == null) {
                return;
            }
            if (entry.time <= watermark) {
                output.collect(new StreamRecord<>(new PeriodTotals().add(entry), entry.time));
                return;
            }
            long start = period.startOf(entry.time);
            // Nearly every record falls in the period of the one before it: no map lookup for those.
            PeriodSum sum = start == lastStart ? lastSum : sums.get(start);
            if (sum == null) {
                if (sums.size() >= MAX_PERIODS) {
                    flush();
                }
                sum = new PeriodSum();
                sums.put(start, sum);
            }
            lastStart = start;
            lastSum = sum;
            sum.totals.add(entry);
            sum.latest = Math.max(sum.latest, entry.time);
        }

        @Override
        public void processWatermark(Watermark mark) throws Exception {
            flush();
            watermark = mark.getTimestamp();
            super.processWatermark(mark);
        }

        @Override
        public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
            flush();
            super.prepareSnapshotPreBarrier(checkpointId);
        }

        @Override
        public void endInput() {
            flush();
        }

        private void flush() {
            for (Map.Entry<Long, PeriodSum> e : sums.entrySet()) {
                output.collect(new StreamRecord<>(e.getValue().totals, e.getValue().latest));
            }
            sums.clear();
            lastSum = null;
        }
    }

    /** The window's running totals; one accumulator per open period. */
    static final class Sum implements AggregateFunction<PeriodTotals, PeriodTotals, PeriodTotals> {
        private static final long serialVersionUID = 1L;

        @Override
        public PeriodTotals createAccumulator() {
            return new PeriodTotals();
        }

        @Override
        public PeriodTotals add(PeriodTotals sum, PeriodTotals totals) {
            return totals.merge(sum);
        }

        /** A copy: on the heap state backend the accumulator is live state, which later records change. */
        @Override
        public PeriodTotals getResult(PeriodTotals totals) {
            return totals.copy();
        }

        @Override
        public PeriodTotals merge(PeriodTotals a, PeriodTotals b) {
            return a.merge(b);
        }
    }

    /**
     * Writes the period's complete statement at each firing; its revision is the number of statements
     * already written for the period, kept in per-window state that Flink clears with the window.
     */
    static final class Revisions extends ProcessAllWindowFunction<PeriodTotals, Statement, TimeWindow> {
        private static final long serialVersionUID = 1L;

        private transient ValueStateDescriptor<Long> written;
        private transient Counter revisions;

        @Override
        public void open(OpenContext openContext) {
            written = new ValueStateDescriptor<>("statements-written", Types.LONG);
            revisions = getRuntimeContext().getMetricGroup().counter(REVISIONS);
        }

        @Override
        public void process(Context context, Iterable<PeriodTotals> totals, Collector<Statement> out) throws Exception {
            ValueState<Long> count = context.windowState().getState(written);
            Long before = count.value();
            long revision = before == null ? 0 : before;
            TimeWindow period = context.window();
            out.collect(new Statement(
                    period.getStart(),
                    period.getEnd(),
                    revision,
                    totals.iterator().next()));
            count.update(revision + 1);
            if (revision > 0) {
                revisions.inc();
            }
        }

        @Override
        public void clear(Context context) {
            context.windowState().getState(written).clear();
        }
    }

    /** Counts the records of sums for a period whose revisions have ended; they are stated nowhere. */
    static final class CountTooOld extends ProcessFunction<PeriodTotals, Void> {
        private static final long serialVersionUID = 1L;

        private transient Counter tooOld;

        @Override
        public void open(OpenContext openContext) {
            tooOld = getRuntimeContext().getMetricGroup().counter(RECORDS_TOO_OLD);
        }

        @Override
        public void processElement(PeriodTotals totals, Context context, Collector<Void> out) {
            tooOld.inc(totals.recordCount());
        }
    }
}
