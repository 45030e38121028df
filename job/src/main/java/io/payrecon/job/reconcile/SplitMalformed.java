package io.payrecon.job.reconcile;

import io.payrecon.model.AlertState;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.ExceptionType;
import io.payrecon.model.InboundRecord;
import io.payrecon.model.PaymentEvent;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/** Sends well-formed events on to matching and malformed input straight to the exceptions topic. */
public class SplitMalformed extends ProcessFunction<InboundRecord, PaymentEvent> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<ExceptionRecord> MALFORMED =
            new OutputTag<>("malformed", TypeInformation.of(ExceptionRecord.class));

    private transient Counter malformed;

    @Override
    public void open(OpenContext openContext) {
        // The same labelled counter as the other types (ReconcileMetrics), on this operator.
        malformed = ReconcileMetrics.exceptionCounter(
                getRuntimeContext().getMetricGroup(), ExceptionType.MALFORMED_EVENT, AlertState.OPEN);
    }

    @Override
    public void processElement(InboundRecord record, Context ctx, Collector<PaymentEvent> out) {
        if (record.isEvent()) {
            out.collect(record.event);
        } else {
            malformed.inc();
            ctx.output(MALFORMED, record.malformed);
        }
    }
}
