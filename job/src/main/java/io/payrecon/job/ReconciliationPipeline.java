package io.payrecon.job;

import io.payrecon.matching.MatchingRules;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.InboundRecord;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The topology, apart from where input comes from and output goes to, so that the Kafka job, the
 * file replay and the tests run the very same graph. Every operator has a stable uid (savepoints map
 * state by it: never change one) and a readable name (what the web UI shows).
 */
public final class ReconciliationPipeline {
    public static final String SPLIT_UID = "split-malformed";
    public static final String RECONCILE_UID = "reconcile-orders";
    public static final String RECONCILED_SINK_UID = "reconciled-sink";
    public static final String EXCEPTIONS_SINK_UID = "exceptions-sink";

    private ReconciliationPipeline() {}

    /** Output of {@link #define}: the two streams before their sinks, for tests that collect them. */
    public static final class Outputs {
        public final DataStream<ReconciledRecord> reconciled;
        public final DataStream<ExceptionRecord> exceptions;

        Outputs(DataStream<ReconciledRecord> reconciled, DataStream<ExceptionRecord> exceptions) {
            this.reconciled = reconciled;
            this.exceptions = exceptions;
        }
    }

    public static Outputs define(DataStream<InboundRecord> inbound, MatchingRules rules) {
        return define(inbound, rules, null);
    }

    static Outputs define(DataStream<InboundRecord> inbound, MatchingRules rules, FailureSwitch failureSwitch) {
        SingleOutputStreamOperator<PaymentEvent> events = inbound
                .process(new SplitMalformed(), TypeInformation.of(PaymentEvent.class))
                .uid(SPLIT_UID)
                .name("Split malformed input");

        SingleOutputStreamOperator<ReconciledRecord> reconciled = events
                .keyBy(event -> event.orderId, TypeInformation.of(String.class))
                .process(new ReconcileFunction(rules, failureSwitch), TypeInformation.of(ReconciledRecord.class))
                .uid(RECONCILE_UID)
                .name("Reconcile orders");

        DataStream<ExceptionRecord> exceptions = reconciled.getSideOutput(ReconcileFunction.EXCEPTIONS)
                .union(events.getSideOutput(SplitMalformed.MALFORMED));
        return new Outputs(reconciled, exceptions);
    }

    static void define(
            DataStream<InboundRecord> inbound,
            MatchingRules rules,
            FailureSwitch failureSwitch,
            Sink<ReconciledRecord> reconciledSink,
            Sink<ExceptionRecord> exceptionsSink) {
        Outputs outputs = define(inbound, rules, failureSwitch);
        outputs.reconciled.sinkTo(reconciledSink).uid(RECONCILED_SINK_UID).name("Reconciled sink");
        outputs.exceptions.sinkTo(exceptionsSink).uid(EXCEPTIONS_SINK_UID).name("Exceptions sink");
    }
}
