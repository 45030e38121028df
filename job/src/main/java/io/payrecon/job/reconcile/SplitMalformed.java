package io.payrecon.job.reconcile;

import io.payrecon.model.AlertState;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.ExceptionType;
import io.payrecon.model.InboundRecord;
import io.payrecon.model.PaymentEvent;
import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends well-formed events on to matching and malformed input straight to the exceptions topic.
 *
 * <p>It is also the input ledger: at every checkpoint it logs how far its subtask had read each
 * input partition ({@value #LEDGER_LINE}). When Kafka refuses to commit a checkpoint's output
 * (an expired or fenced transaction: {@code io.payrecon.job.io.WatchedKafkaSink}), that output was
 * made from the input between the lines of the checkpoint before and of the lost one, so on-call can
 * name the input it covered. It keeps no state of its own: the source's state holds the offsets a
 * restore starts from.
 */
public class SplitMalformed extends ProcessFunction<InboundRecord, PaymentEvent> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SplitMalformed.class);

    /** The start of the ledger's log line, which the runbook greps for. */
    public static final String LEDGER_LINE = "Input read at checkpoint";

    public static final OutputTag<ExceptionRecord> MALFORMED =
            new OutputTag<>("malformed", TypeInformation.of(ExceptionRecord.class));

    private transient Counter malformed;
    /** Per input partition: the offset after the last record this subtask passed on; -1 unread. */
    private transient long[] nextOffsets;

    private transient boolean movedSinceCheckpoint;

    @Override
    public void open(OpenContext openContext) {
        // The same labelled counter as the other types (ReconcileMetrics), on this operator.
        malformed = ReconcileMetrics.exceptionCounter(
                getRuntimeContext().getMetricGroup(), ExceptionType.MALFORMED_EVENT, AlertState.OPEN);
        nextOffsets = new long[0];
    }

    @Override
    public void processElement(InboundRecord record, Context ctx, Collector<PaymentEvent> out) {
        if (record.partition >= 0) {
            read(record.partition, record.offset);
        }
        if (record.isEvent()) {
            out.collect(record.event);
        } else {
            malformed.inc();
            ctx.output(MALFORMED, record.malformed);
        }
    }

    private void read(int partition, long offset) {
        if (partition >= nextOffsets.length) {
            int before = nextOffsets.length;
            nextOffsets = Arrays.copyOf(nextOffsets, partition + 1);
            Arrays.fill(nextOffsets, before, nextOffsets.length, -1L);
        }
        nextOffsets[partition] = offset + 1;
        movedSinceCheckpoint = true;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) {
        if (!movedSinceCheckpoint) {
            return; // the last line still holds
        }
        movedSinceCheckpoint = false;
        LOG.info("{} {}: {}", LEDGER_LINE, context.getCheckpointId(), positions());
    }

    /** "partition 0 up to offset 1200, partition 3 up to offset 77" (next offsets, exclusive). */
    String positions() {
        StringBuilder text = new StringBuilder();
        for (int p = 0; p < nextOffsets.length; p++) {
            if (nextOffsets[p] >= 0) {
                text.append(text.length() == 0 ? "" : ", ")
                        .append("partition ")
                        .append(p)
                        .append(" up to offset ")
                        .append(nextOffsets[p]);
            }
        }
        return text.toString();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {} // no state: see the class comment
}
