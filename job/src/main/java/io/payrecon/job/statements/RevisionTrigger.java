package io.payrecon.job.statements;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.windowing.triggers.Trigger;
import org.apache.flink.streaming.api.windowing.triggers.TriggerResult;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;

/**
 * When a period's statement is written (contract v2's timing, v3's batched revisions): once when the
 * watermark reaches the period's last millisecond (revision 0), and after that at most once per
 * watermark, for the records that came for the period since the one before. Flink's event-time
 * trigger fires once per late element instead: a producer catching up would write one complete
 * revision per late record, through the one statement subtask and one partition.
 *
 * <p>A late element marks the period and asks for a timer one millisecond after the current
 * watermark, so the next watermark fires it; further late elements before that watermark ask for the
 * same timer, which Flink keeps once.
 */
final class RevisionTrigger extends Trigger<Object, TimeWindow> {
    private static final long serialVersionUID = 1L;

    /** The revision timer of a period with records it has not stated yet; absent otherwise. */
    private static final ValueStateDescriptor<Long> PENDING =
            new ValueStateDescriptor<>("revision-pending", Types.LONG);

    @Override
    public TriggerResult onElement(Object element, long timestamp, TimeWindow window, TriggerContext ctx)
            throws Exception {
        long watermark = ctx.getCurrentWatermark();
        if (window.maxTimestamp() > watermark) {
            ctx.registerEventTimeTimer(window.maxTimestamp()); // revision 0
            return TriggerResult.CONTINUE;
        }
        ValueState<Long> pending = ctx.getPartitionedState(PENDING);
        if (pending.value() == null) {
            long next = watermark + 1; // the next watermark passes it
            pending.update(next);
            ctx.registerEventTimeTimer(next);
        }
        return TriggerResult.CONTINUE;
    }

    @Override
    public TriggerResult onEventTime(long time, TimeWindow window, TriggerContext ctx) throws Exception {
        if (time == window.maxTimestamp()) {
            return TriggerResult.FIRE;
        }
        ValueState<Long> pending = ctx.getPartitionedState(PENDING);
        Long at = pending.value();
        if (at != null && at == time) {
            pending.clear();
            return TriggerResult.FIRE;
        }
        return TriggerResult.CONTINUE; // the window's cleanup timer, or a revision timer already spent
    }

    @Override
    public TriggerResult onProcessingTime(long time, TimeWindow window, TriggerContext ctx) {
        return TriggerResult.CONTINUE;
    }

    @Override
    public void clear(TimeWindow window, TriggerContext ctx) throws Exception {
        ctx.deleteEventTimeTimer(window.maxTimestamp());
        ValueState<Long> pending = ctx.getPartitionedState(PENDING);
        Long at = pending.value();
        if (at != null) {
            ctx.deleteEventTimeTimer(at);
        }
        pending.clear();
    }

    @Override
    public String toString() {
        return "RevisionTrigger()";
    }
}
