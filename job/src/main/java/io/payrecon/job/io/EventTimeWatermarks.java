package io.payrecon.job.io;

import io.payrecon.model.InboundRecord;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.util.function.SerializableSupplier;

/**
 * Event time for the input, per Kafka partition (the source runs one generator per split).
 *
 * <ul>
 *   <li>Bounded out-of-orderness: the watermark trails the newest event of the partition.
 *   <li>Idleness: a partition without events for {@code idleness} is marked idle and stops holding
 *       back the minimum over partitions.
 *   <li>Idle flush (rule 9): a partition without events for {@code idleFlush} of wall-clock time
 *       lets its watermark follow the wall clock minus the bound, never past it, but only while the
 *       {@link InputReadiness} says the partition is reachable and read to its end (and has been
 *       for {@code idleFlush}): an input the job cannot reach is not a quiet night, and flagging
 *       its pairs UNMATCHED would be wrong. Since downstream event time is the minimum over active
 *       partitions, it moves on only when every partition is quiet (or idle), so unmatched sides
 *       are still flagged on a quiet night.
 * </ul>
 *
 * Malformed records carry no event time and never move the watermark, and neither does an event
 * more than {@code maxAhead} ahead of the wall clock (a producer with a broken clock).
 */
public final class EventTimeWatermarks implements WatermarkStrategy<InboundRecord> {
    private static final long serialVersionUID = 1L;

    private final long outOfOrdernessMillis;
    private final long idlenessMillis;
    private final long idleFlushMillis;
    private final long maxAheadMillis;
    /** Wall-clock milliseconds; replaceable so tests can drive idleness without waiting. */
    private final SerializableSupplier<Long> wallClock;

    private final InputReadiness readiness;

    /** Without an idle flush, or for an input that is always there (a bounded run). */
    public EventTimeWatermarks(Duration outOfOrderness, Duration idleness, Duration idleFlush, Duration maxAhead) {
        this(outOfOrderness, idleness, idleFlush, maxAhead, InputReadiness.ALWAYS);
    }

    /** For the Kafka input: the idle flush asks {@code readiness} first. */
    public EventTimeWatermarks(
            Duration outOfOrderness,
            Duration idleness,
            Duration idleFlush,
            Duration maxAhead,
            InputReadiness readiness) {
        this(outOfOrderness, idleness, idleFlush, maxAhead, System::currentTimeMillis, readiness);
    }

    /** The Kafka input's readiness as its brokers tell it (see {@link KafkaInputProbe}). */
    public static InputReadiness kafkaReadiness(
            String bootstrapServers, String topic, String groupId, java.util.Map<String, String> kafkaProperties) {
        return new KafkaInputProbe(bootstrapServers, topic, groupId, kafkaProperties);
    }

    EventTimeWatermarks(
            Duration outOfOrderness,
            Duration idleness,
            Duration idleFlush,
            Duration maxAhead,
            SerializableSupplier<Long> wallClock,
            InputReadiness readiness) {
        this.maxAheadMillis = maxAhead.toMillis();
        this.outOfOrdernessMillis = outOfOrderness.toMillis();
        this.idlenessMillis = idleness.toMillis();
        this.idleFlushMillis = idleFlush.toMillis();
        this.wallClock = wallClock;
        this.readiness = readiness;
    }

    @Override
    public TimestampAssigner<InboundRecord> createTimestampAssigner(TimestampAssignerSupplier.Context context) {
        return (record, recordTimestamp) -> record.isEvent() ? record.event.eventTime : recordTimestamp;
    }

    @Override
    public WatermarkGenerator<InboundRecord> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
        return new Generator();
    }

    private final class Generator implements WatermarkGenerator<InboundRecord> {
        private long maxEventTime = Long.MIN_VALUE + outOfOrdernessMillis + 1;
        private long lastEventWallTime = wallClock.get();
        /** Refreshed every emit interval: the future guard needs the wall clock only roughly. */
        private long latestAcceptedTime = lastEventWallTime + maxAheadMillis;
        /** Set per event, read per periodic emit: the clock is read only every emit interval. */
        private boolean sawEvent;
        /** The partition this generator reads, once a record told it (-1 before), and where it is. */
        private int partition = -1;

        private long nextOffset = -1;

        @Override
        public void onEvent(InboundRecord record, long eventTimestamp, WatermarkOutput output) {
            if (record.partition >= 0) {
                partition = record.partition;
                nextOffset = record.offset + 1;
            }
            if (record.isEvent()) {
                sawEvent = true;
                // A producer with a broken clock must not flag every open pair at once: an event far
                // ahead of the wall clock is processed, but does not move event time.
                if (eventTimestamp <= latestAcceptedTime) {
                    maxEventTime = Math.max(maxEventTime, eventTimestamp);
                }
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            long now = wallClock.get();
            latestAcceptedTime = now + maxAheadMillis;
            if (sawEvent) {
                sawEvent = false;
                lastEventWallTime = now;
            }
            long quietFor = now - lastEventWallTime;
            long watermark = maxEventTime - outOfOrdernessMillis - 1;
            // Asked on every emit, not only once quiet: the brokers' answers must already span an
            // interval when the quiet does, or every quiet night would flush an interval late.
            long readUntil = idleFlushMillis > 0
                    ? readiness.readToEndUntil(partition, nextOffset, idleFlushMillis)
                    : InputReadiness.NOT_READ_TO_END;
            if (readUntil != InputReadiness.NOT_READ_TO_END && quietFor >= idleFlushMillis) {
                // Up to the brokers' last answer, not past it: what was written since is not known read.
                long knownQuiet = Math.min(now, readUntil);
                output.emitWatermark(new Watermark(Math.max(watermark, knownQuiet - outOfOrdernessMillis)));
            } else if (idlenessMillis > 0 && quietFor >= idlenessMillis) {
                output.markIdle();
            } else {
                output.emitWatermark(new Watermark(watermark));
            }
        }
    }
}
