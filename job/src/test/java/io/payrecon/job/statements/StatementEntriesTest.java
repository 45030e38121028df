package io.payrecon.job.statements;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.model.EventType;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.MalformedSource;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import io.payrecon.statements.PeriodTotals;
import io.payrecon.statements.StatementEntry;
import io.payrecon.statements.StatementPeriod;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.function.SerializableFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The first step of the statements: records summed per period between watermarks, so that the one
 * window subtask reads a few sums per watermark instead of every record, and sees what it would
 * have seen record by record: sums before the watermark that passes them, before every checkpoint
 * barrier and at the end of input; a record at or behind the watermark alone and at once.
 */
class StatementEntriesTest {
    private static final StatementPeriod HOUR = StatementPeriod.of(Duration.ofHours(1));

    private OneInputStreamOperatorTestHarness<ReconciledRecord, PeriodTotals> harness;

    private static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    private static ReconciledRecord reconciled(String time, String amount) {
        return new ReconciledRecord(
                new PaymentEvent("d", "o", EventType.DEBIT, amount, "EUR", t(time)),
                new PaymentEvent("c", "o", EventType.CREDIT, amount, "EUR", t(time)),
                null,
                false);
    }

    private static PeriodTotals totals(ReconciledRecord... records) {
        PeriodTotals totals = new PeriodTotals();
        for (ReconciledRecord r : records) {
            totals.add(r);
        }
        return totals;
    }

    @BeforeEach
    void open() throws Exception {
        SerializableFunction<ReconciledRecord, StatementEntry> toEntry = StatementEntry::of;
        harness = new OneInputStreamOperatorTestHarness<>(new StatementWindow.Entries<>(toEntry, HOUR));
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** What went on so far, in order: sums with their timestamps, and watermarks. */
    private List<Object> drain() {
        List<Object> out = new ArrayList<>();
        for (Object element : harness.getOutput()) {
            if (element instanceof StreamRecord<?> r) {
                out.add(new StreamRecord<>(r.getValue(), r.getTimestamp()));
            } else {
                out.add(element);
            }
        }
        harness.getOutput().clear();
        return out;
    }

    private void send(ReconciledRecord record) throws Exception {
        // The stream timestamp plays no part: the record's own time decides.
        harness.processElement(record, 0);
    }

    @Test
    void recordsAheadOfTheWatermarkAreSummedPerPeriodAndGoOnBeforeIt() throws Exception {
        ReconciledRecord a = reconciled("2026-11-21T10:05:00Z", "1.5");
        ReconciledRecord b = reconciled("2026-11-21T10:20:00Z", "2");
        ReconciledRecord c = reconciled("2026-11-21T11:10:00Z", "4");
        send(b);
        send(c);
        send(a);
        assertThat(drain()).isEmpty();
        harness.processWatermark(t("2026-11-21T11:30:00Z"));
        assertThat(drain())
                .containsExactly(
                        // Stamped with the latest time each sum holds: in its period, and ahead of
                        // every watermark before it.
                        new StreamRecord<>(totals(a, b), t("2026-11-21T10:20:00Z")),
                        new StreamRecord<>(totals(c), t("2026-11-21T11:10:00Z")),
                        new Watermark(t("2026-11-21T11:30:00Z")));
        harness.processWatermark(t("2026-11-21T11:40:00Z"));
        assertThat(drain()).as("nothing twice").containsExactly(new Watermark(t("2026-11-21T11:40:00Z")));
    }

    @Test
    void aRecordAtOrBehindTheWatermarkGoesOnAloneAndAtOnce() throws Exception {
        harness.processWatermark(t("2026-11-21T10:30:00Z"));
        drain();
        ReconciledRecord atTheWatermark = reconciled("2026-11-21T10:30:00Z", "1");
        ReconciledRecord behind = reconciled("2026-11-21T10:10:00Z", "2");
        ReconciledRecord ahead = reconciled("2026-11-21T10:30:00.001Z", "4");
        send(atTheWatermark);
        send(ahead);
        send(behind);
        assertThat(drain())
                .containsExactly(
                        new StreamRecord<>(totals(atTheWatermark), t("2026-11-21T10:30:00Z")),
                        new StreamRecord<>(totals(behind), t("2026-11-21T10:10:00Z")));
        harness.processWatermark(t("2026-11-21T10:31:00Z"));
        assertThat(drain())
                .containsExactly(
                        new StreamRecord<>(totals(ahead), t("2026-11-21T10:30:00.001Z")),
                        new Watermark(t("2026-11-21T10:31:00Z")));
    }

    @Test
    void nothingIsHeldAcrossACheckpointOrPastTheEndOfInput() throws Exception {
        ReconciledRecord a = reconciled("2026-11-21T10:05:00Z", "1");
        ReconciledRecord b = reconciled("2026-11-21T10:06:00Z", "2");
        send(a);
        harness.prepareSnapshotPreBarrier(1);
        assertThat(drain()).containsExactly(new StreamRecord<>(totals(a), t("2026-11-21T10:05:00Z")));
        send(b);
        harness.endInput();
        assertThat(drain()).containsExactly(new StreamRecord<>(totals(b), t("2026-11-21T10:06:00Z")));
    }

    /** BATCH mode has one watermark, at the end: a long replay's sums go on in batches. */
    @Test
    void manyPeriodsWithoutAWatermarkGoOnEarly() throws Exception {
        long start = t("2026-01-01T00:00:00Z");
        for (int i = 0; i <= StatementWindow.Entries.MAX_PERIODS; i++) {
            send(reconciled(Instant.ofEpochMilli(start + i * HOUR.millis()).toString(), "1"));
        }
        assertThat(drain()).hasSize(StatementWindow.Entries.MAX_PERIODS);
        harness.endInput();
        assertThat(drain()).hasSize(1);
    }

    @Test
    void malformedInputBelongsToNoPeriod() throws Exception {
        SerializableFunction<ExceptionRecord, StatementEntry> toEntry = StatementEntry::of;
        try (OneInputStreamOperatorTestHarness<ExceptionRecord, PeriodTotals> exceptions =
                new OneInputStreamOperatorTestHarness<>(new StatementWindow.Entries<>(toEntry, HOUR))) {
            exceptions.open();
            exceptions.processElement(
                    ExceptionRecord.malformed(null, "not JSON", MalformedSource.kafka("x", false, "in", 0, 1)), 0);
            exceptions.processWatermark(Long.MAX_VALUE);
            exceptions.endInput();
            assertThat(exceptions.extractOutputValues()).isEmpty();
        }
    }
}
