package io.payrecon.job;

import static io.payrecon.matching.Events.at;
import static io.payrecon.matching.Events.credit;
import static io.payrecon.matching.Events.debit;
import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.matching.MatchingRules;
import io.payrecon.model.AlertState;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Flink adapter: keyed state, one timer per order, watermarks, late events, snapshot and restore. */
class ReconcileFunctionTest {
    private static final long RETENTION = Duration.ofDays(7).toMillis();

    private KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> harness;

    private static KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> newHarness()
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, PaymentEvent, ReconciledRecord> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new ReconcileFunction(MatchingRules.defaults())),
                        e -> e.orderId, Types.STRING, JobConfig.MAX_PARALLELISM, 1, 0);
        return h;
    }

    @BeforeEach
    void start() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
    }

    private void send(PaymentEvent e) throws Exception {
        harness.processElement(new StreamRecord<>(e, e.eventTime));
    }

    private List<ReconciledRecord> reconciled() {
        return harness.extractOutputValues();
    }

    private List<String> exceptions() {
        return harness.getSideOutput(ReconcileFunction.EXCEPTIONS) == null ? List.of()
                : harness.getSideOutput(ReconcileFunction.EXCEPTIONS).stream()
                        .map(r -> r.getValue().exceptionId + " " + r.getValue().state)
                        .collect(Collectors.toList());
    }

    @Test
    void eventsWaitForTheWatermarkThenMatch() throws Exception {
        send(credit("c", 3)); // the credit arrives first, as events of one order may
        send(debit("d", 0));
        assertThat(reconciled()).isEmpty();
        assertThat(harness.numEventTimeTimers()).as("one timer per order").isEqualTo(1);

        harness.processWatermark(at(2.999));
        assertThat(reconciled()).as("the credit is not yet in event time").isEmpty();

        harness.processWatermark(at(3));
        assertThat(reconciled()).extracting(r -> r.debitEventId + "+" + r.creditEventId).containsExactly("d+c");
        assertThat(harness.numEventTimeTimers()).as("only the retention timer is left").isEqualTo(1);
    }

    @Test
    void anEarlierArrivalMovesTheOrdersOneTimer() throws Exception {
        send(debit("d", 5));
        send(credit("c", 4));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).as("moved to the earlier arrival, not added").isEqualTo(1);

        harness.processWatermark(at(4.5)); // the credit is applied alone, the debit still waits
        send(credit("c-late", 3)); // behind the watermark: applied at once, a second credit (rule 2)
        assertThat(exceptions()).containsExactly("o-42:DUPLICATE_CREDIT:c-late OPEN");
        harness.processWatermark(at(5));
        assertThat(reconciled()).extracting(r -> r.debitEventId + "+" + r.creditEventId).containsExactly("d+c");
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
    }

    @Test
    void unmatchedSideIsFlaggedWhenEventTimePassesTheDeadline() throws Exception {
        send(debit("d", 0));
        harness.processWatermark(at(599.999));
        assertThat(exceptions()).isEmpty();
        harness.processWatermark(at(600));
        assertThat(exceptions()).containsExactly("o-42:UNMATCHED_DEBIT OPEN");
    }

    @Test
    void stateAndTimersAreGoneAfterRetention() throws Exception {
        send(debit("d", 0));
        send(credit("c", 1));
        send(debit("d2", 2)); // a double charge, recorded too
        harness.processWatermark(at(10));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        harness.processWatermark(at(2) + RETENTION - 1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        harness.processWatermark(at(2) + RETENTION);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void unmatchedOrdersLeaveNoStateEither() throws Exception {
        send(credit("c", 0));
        harness.processWatermark(Long.MAX_VALUE); // end of input: rule 8
        assertThat(exceptions()).containsExactly("o-42:UNMATCHED_CREDIT OPEN");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void lateEventIsAppliedOnArrivalAndCounted() throws Exception {
        send(debit("d", 0));
        harness.processWatermark(at(1000));
        assertThat(exceptions()).containsExactly("o-42:UNMATCHED_DEBIT OPEN");

        send(credit("c", 30)); // behind the watermark: late (rule 10)
        assertThat(reconciled()).extracting(r -> r.late).containsExactly(true);
        assertThat(exceptions()).containsExactly("o-42:UNMATCHED_DEBIT OPEN", "o-42:UNMATCHED_DEBIT RESOLVED");
    }

    @Test
    void aLateFirstSideIsStillFlaggedAtItsDeadline() throws Exception {
        harness.processWatermark(at(10_000));
        send(debit("d", 0)); // late, and its deadline is already behind event time
        assertThat(exceptions()).isEmpty();
        harness.processWatermark(at(10_001));
        assertThat(exceptions()).containsExactly("o-42:UNMATCHED_DEBIT OPEN");
    }

    @Test
    void openPairSurvivesSnapshotAndRestore() throws Exception {
        send(debit("d", 0));
        send(credit("c-pending", 5)); // still buffered: ahead of the watermark
        harness.processWatermark(at(1));
        OperatorSubtaskState snapshot = harness.snapshot(1L, at(1));
        harness.close();

        harness = newHarness();
        harness.initializeState(snapshot);
        harness.open();
        assertThat(harness.numEventTimeTimers()).as("the timer is restored").isEqualTo(1);
        send(debit("d", 0)); // a redelivery after the restore is still a duplicate
        harness.processWatermark(at(5));
        List<ReconciledRecord> out = reconciled();
        assertThat(out).extracting(r -> r.debitEventId + "+" + r.creditEventId).containsExactly("d+c-pending");
        assertThat(exceptions()).isEmpty();
    }

    @Test
    void exceptionsGoToTheSideOutputWithTheirRecords() throws Exception {
        send(debit("d", "10.00", "USD", 0));
        send(credit("c", "10.00", "EUR", 1));
        harness.processWatermark(at(1));
        ExceptionRecord e = harness.getSideOutput(ReconcileFunction.EXCEPTIONS).peek().getValue();
        assertThat(e.exceptionId).isEqualTo("o-42:CURRENCY_MISMATCH");
        assertThat(e.state).isEqualTo(AlertState.OPEN);
        assertThat(e.eventIds).containsExactly("d", "c");
    }
}
