package io.payrecon.job;

import io.payrecon.job.reconcile.OrderTable;
import io.payrecon.job.reconcile.ReconcileOperator;
import io.payrecon.job.reconcile.SplitMalformed;
import io.payrecon.job.state.FlinkTypes;
import io.payrecon.job.statements.StatementWindow;
import io.payrecon.matching.MatchingRules;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.InboundRecord;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import io.payrecon.statements.Statement;
import io.payrecon.statements.StatementPeriod;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The topology, apart from where input comes from and output goes to, so that the Kafka job and the
 * file replay run the very same graph. Every operator has a stable uid (savepoints map state by it:
 * never change one) and a readable name (what the web UI shows).
 */
public final class ReconciliationPipeline {
    public static final String SPLIT_UID = "split-malformed";
    /** Test-only; present only when {@code --failure-trigger-file} is given. Stateless. */
    public static final String FAILURE_SWITCH_UID = "failure-switch";

    public static final String RECONCILE_UID = "reconcile-orders";
    public static final String RECONCILED_SINK_UID = "reconciled-sink";
    public static final String EXCEPTIONS_SINK_UID = "exceptions-sink";
    public static final String STATEMENTS_SINK_UID = "statements-sink";

    private ReconciliationPipeline() {}

    /**
     * @param period the statements' period ({@code --statement-period})
     * @param maxBufferedEvents events the matching operator holds on the heap per subtask while they
     *     wait for the watermark (0: all in keyed state)
     * @param orderTable busy orders the matching operator keeps deserialized between their wake-ups
     * @param endlessInput true for an unbounded Kafka input, where a final watermark can only be {@code
     *     flink stop --drain}: the matching operator holds it back, so a drained savepoint resumes as if
     *     the job had never stopped
     * @param failureSwitch null, unless a test asked for failure injection
     */
    static void define(
            DataStream<InboundRecord> inbound,
            MatchingRules rules,
            StatementPeriod period,
            int maxBufferedEvents,
            OrderTable.Limits orderTable,
            boolean endlessInput,
            FailureSwitch failureSwitch,
            Sink<ReconciledRecord> reconciledSink,
            Sink<ExceptionRecord> exceptionsSink,
            Sink<Statement> statementsSink) {
        // Explicit type: events cross the shuffle written by PaymentEventSerializer.
        TypeInformation<PaymentEvent> eventType = FlinkTypes.of(PaymentEvent.class);
        SingleOutputStreamOperator<PaymentEvent> events =
                inbound.process(new SplitMalformed(), eventType).uid(SPLIT_UID).name("Split malformed input");

        DataStream<PaymentEvent> toMatch = events;
        if (failureSwitch != null) {
            // Chained to the split: no extra hop, and no state, so savepoints move freely between
            // jobs with and without it.
            toMatch =
                    events.map(failureSwitch, eventType).uid(FAILURE_SWITCH_UID).name("Failure switch (test only)");
        }

        SingleOutputStreamOperator<ReconciledRecord> reconciled = toMatch.keyBy(
                        event -> event.orderId, TypeInformation.of(String.class))
                .transform(
                        "Reconcile orders",
                        TypeInformation.of(ReconciledRecord.class),
                        new ReconcileOperator(rules, maxBufferedEvents, endlessInput, orderTable))
                .uid(RECONCILE_UID);

        DataStream<ExceptionRecord> orderExceptions = reconciled.getSideOutput(ReconcileOperator.EXCEPTIONS);
        DataStream<ExceptionRecord> exceptions = orderExceptions.union(events.getSideOutput(SplitMalformed.MALFORMED));
        reconciled.sinkTo(reconciledSink).uid(RECONCILED_SINK_UID).name("Reconciled sink");
        exceptions.sinkTo(exceptionsSink).uid(EXCEPTIONS_SINK_UID).name("Exceptions sink");

        // Malformed input has no period: the statements read the matching operator's own outputs.
        DataStream<Statement> statements =
                StatementWindow.define(reconciled, orderExceptions, period, rules.retentionMillis());
        statements
                .sinkTo(statementsSink)
                .uid(STATEMENTS_SINK_UID)
                .name("Statements sink")
                // One writer, chained to the one window subtask: a period's revisions stay in order.
                .setParallelism(1);
    }
}
