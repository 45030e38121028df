package io.payrecon.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.model.EventType;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.InboundRecord;
import io.payrecon.model.MalformedSource;
import io.payrecon.model.PaymentEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-partition event time: the out-of-orderness bound, idleness and the idle flush of rule 9. */
class EventTimeWatermarksTest {
    /** The fake wall clock; static so the serializable supplier can reach it. */
    private static long now;

    private final List<String> emitted = new ArrayList<>();
    private final WatermarkOutput output = new WatermarkOutput() {
        @Override
        public void emitWatermark(Watermark watermark) {
            emitted.add(Long.toString(watermark.getTimestamp()));
        }

        @Override
        public void markIdle() {
            emitted.add("idle");
        }

        @Override
        public void markActive() {
            emitted.add("active");
        }
    };

    @BeforeEach
    void resetClock() {
        now = 1_000_000;
    }

    private static WatermarkGenerator<InboundRecord> generator(Duration idleness, Duration idleFlush) {
        return new EventTimeWatermarks(
                        Duration.ofSeconds(5),
                        idleness,
                        idleFlush,
                        Duration.ofHours(1),
                        () -> now,
                        InputReadiness.ALWAYS)
                .createWatermarkGenerator(null);
    }

    private static InboundRecord event(long time) {
        return InboundRecord.of(new PaymentEvent("e", "o", EventType.DEBIT, "1", "USD", time));
    }

    private String last() {
        return emitted.get(emitted.size() - 1);
    }

    @Test
    void trailsTheNewestEventByTheBound() {
        WatermarkGenerator<InboundRecord> g = generator(Duration.ZERO, Duration.ZERO);
        g.onEvent(event(100_000), 100_000, output);
        g.onEvent(event(90_000), 90_000, output);
        g.onPeriodicEmit(output);
        assertThat(last()).isEqualTo(Long.toString(100_000 - 5_000 - 1));
    }

    /**
     * Issue 24: with the job's defaults, one producer 20 minutes fast (twice the match window) does
     * not move its partition's event time; with the old 1h guard it moved it 20 minutes, past every
     * open pair's deadline.
     */
    @Test
    void withTheJobsDefaultsAProducerTwentyMinutesFastDoesNotMoveEventTime() {
        io.payrecon.job.config.JobConfig defaults = io.payrecon.job.config.JobConfig.defaults();
        assertThat(defaults.maxTimeAhead).isLessThan(defaults.matchWindow);
        WatermarkGenerator<InboundRecord> g = new EventTimeWatermarks(
                        defaults.outOfOrderness,
                        Duration.ZERO,
                        Duration.ZERO,
                        defaults.maxTimeAhead,
                        () -> now,
                        InputReadiness.ALWAYS)
                .createWatermarkGenerator(null);
        g.onEvent(event(now), now, output);
        g.onPeriodicEmit(output);
        String onTime = last();
        long fast = now + Duration.ofMinutes(20).toMillis();
        g.onEvent(event(fast), fast, output);
        g.onPeriodicEmit(output);
        assertThat(last()).isEqualTo(onTime);
    }

    @Test
    void malformedRecordsDoNotMoveIt() {
        WatermarkGenerator<InboundRecord> g = generator(Duration.ZERO, Duration.ZERO);
        g.onEvent(event(100_000), 100_000, output);
        InboundRecord malformed = InboundRecord.malformed(
                ExceptionRecord.malformed(null, "x", MalformedSource.kafka("x", false, "t", 0, 0)));
        g.onEvent(malformed, Long.MAX_VALUE, output);
        g.onPeriodicEmit(output);
        assertThat(last()).isEqualTo(Long.toString(94_999));
    }

    @Test
    void aQuietPartitionGoesIdle() {
        WatermarkGenerator<InboundRecord> g = generator(Duration.ofSeconds(30), Duration.ZERO);
        g.onEvent(event(100_000), 100_000, output);
        g.onPeriodicEmit(output);
        now += 29_999;
        g.onPeriodicEmit(output);
        assertThat(last()).isEqualTo("94999");
        now += 1;
        g.onPeriodicEmit(output);
        assertThat(last()).isEqualTo("idle");
    }

    @Test
    void rule9QuietTrafficLetsEventTimeFollowTheWallClock() {
        WatermarkGenerator<InboundRecord> g = generator(Duration.ofSeconds(30), Duration.ofMinutes(5));
        g.onEvent(event(100_000), 100_000, output);
        g.onPeriodicEmit(output);
        now += Duration.ofMinutes(5).toMillis() - 1;
        g.onPeriodicEmit(output);
        assertThat(last()).isEqualTo("idle");
        now += 1;
        g.onPeriodicEmit(output);
        assertThat(last()).as("wall clock minus the bound").isEqualTo(Long.toString(now - 5_000));
        now += 10_000;
        g.onPeriodicEmit(output);
        assertThat(last()).as("and it keeps following").isEqualTo(Long.toString(now - 5_000));
    }

    /** The brokers' answer, as the test sets it; static so the serializable readiness can reach it. */
    private static boolean inputReady;

    private static long answeredAt;

    private static final List<String> asked = new ArrayList<>();

    @Test
    void rule9WaitsForAnInputThatIsReachableAndReadToItsEnd() {
        InputReadiness readiness = (partition, nextOffset, forMillis) -> {
            asked.add(partition + "@" + nextOffset + " for " + forMillis);
            return inputReady ? answeredAt : InputReadiness.NOT_READ_TO_END;
        };
        WatermarkGenerator<InboundRecord> g = new EventTimeWatermarks(
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(30),
                        Duration.ofMinutes(5),
                        Duration.ofHours(1),
                        () -> now,
                        readiness)
                .createWatermarkGenerator(null);
        InboundRecord read = event(100_000);
        read.partition = 3;
        read.offset = 41;
        g.onEvent(read, 100_000, output);
        g.onPeriodicEmit(output);
        inputReady = false; // the input brokers are down
        now += Duration.ofMinutes(10).toMillis();
        g.onPeriodicEmit(output);
        assertThat(last())
                .as("an outage is not a quiet night: no flush, only idle")
                .isEqualTo("idle");
        assertThat(asked).last().isEqualTo("3@42 for 300000");

        inputReady = true;
        answeredAt = now;
        g.onPeriodicEmit(output);
        assertThat(last()).as("reachable and read to its end").isEqualTo(Long.toString(now - 5_000));
        now += 30_000; // the brokers' last answer is 30 s old: event time stays at it
        g.onPeriodicEmit(output);
        assertThat(last()).as("not past the last answer").isEqualTo(Long.toString(answeredAt - 5_000));
    }

    @Test
    void eventsFarAheadOfTheWallClockDoNotMoveEventTime() {
        WatermarkGenerator<InboundRecord> g = generator(Duration.ZERO, Duration.ZERO);
        g.onEvent(event(now - 10_000), now - 10_000, output);
        long broken = now + Duration.ofDays(365).toMillis();
        g.onEvent(event(broken), broken, output);
        g.onPeriodicEmit(output);
        assertThat(last()).isEqualTo(Long.toString(now - 10_000 - 5_001));
        long withinBound = now + Duration.ofMinutes(59).toMillis();
        g.onEvent(event(withinBound), withinBound, output);
        g.onPeriodicEmit(output);
        assertThat(last()).as("up to an hour ahead is trusted").isEqualTo(Long.toString(withinBound - 5_001));
    }

    @Test
    void rule9NeverMovesEventTimeBackNorPastTheWallClock() {
        WatermarkGenerator<InboundRecord> g = generator(Duration.ZERO, Duration.ofMinutes(5));
        long future = now + Duration.ofMinutes(50).toMillis();
        g.onEvent(event(future), future, output);
        g.onPeriodicEmit(output);
        now += Duration.ofMinutes(6).toMillis();
        g.onPeriodicEmit(output);
        assertThat(Long.parseLong(last()))
                .as("events drove it further than the wall clock would")
                .isEqualTo(future - 5_001);
    }

    @Test
    void offForBoundedInput() {
        WatermarkGenerator<InboundRecord> g = generator(Duration.ZERO, Duration.ZERO);
        g.onEvent(event(100_000), 100_000, output);
        now += Duration.ofDays(1).toMillis();
        g.onPeriodicEmit(output);
        assertThat(last()).isEqualTo("94999");
    }
}
