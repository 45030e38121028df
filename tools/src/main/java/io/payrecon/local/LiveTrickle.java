package io.payrecon.local;

import io.payrecon.generator.KafkaTrafficWriter;
import io.payrecon.generator.Partitioning;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generated traffic as it would arrive live: event times from now on, written at the pace that keeps
 * them near the wall clock, so that the anomalies of the generator (every kind, at its usual shares)
 * happen while the job runs: sides flagged as their deadlines pass, late counterparts resolving them. What the demo's
 * {@code --keep-running} feeds its live job, until {@link #close}.
 */
final class LiveTrickle implements AutoCloseable {
    /** Orders enough for weeks at the trickle's pace: it ends with the process, not before. */
    private static final int ORDERS = 10_000_000;

    /** The generator's out-of-order bound: how far arrival order strays from event time. */
    private static final long MAX_STRAY_MILLIS = 2_000;
    /** Records per order of the generator's default mix without the hot order (1,275 for 300 orders). */
    private static final double RECORDS_PER_ORDER = 4.25;

    private final Thread thread;

    private final AtomicLong written = new AtomicLong();
    private volatile boolean stopped;

    private LiveTrickle(String bootstrap, String topic, Duration spacing, Duration matchWindow) {
        TrafficSpec spec = TrafficSpec.builder()
                .orders(ORDERS)
                .seed(System.currentTimeMillis())
                .startTime(Instant.now())
                .eventSpacingMillis(spacing.toMillis())
                .matchWindowMillis(matchWindow.toMillis())
                // One order of a thousand movements at one instant is a burst, not a trickle.
                .hotOrderMovements(0)
                .outOfOrderBoundMillis(MAX_STRAY_MILLIS)
                .build();
        thread = new Thread(() -> run(bootstrap, topic, spec), "live-trickle");
        thread.setDaemon(true);
    }

    /** Starts writing one order every {@code spacing}, event times from now on. */
    static LiveTrickle start(String bootstrap, String topic, Duration spacing, Duration matchWindow) {
        LiveTrickle trickle = new LiveTrickle(bootstrap, topic, spacing, matchWindow);
        trickle.thread.start();
        return trickle;
    }

    long written() {
        return written.get();
    }

    private void run(String bootstrap, String topic, TrafficSpec spec) {
        // Paced by records per second, at the generator's average of records per order, so that the
        // event times (one order every spacing) keep up with the wall clock on average. Pacing by
        // each record's event time stalled: some records state a time well after their place in the
        // arrival order.
        double perSecond = RECORDS_PER_ORDER * 1000.0 / spec.eventSpacingMillis();
        try (KafkaTrafficWriter writer = KafkaTrafficWriter.open(bootstrap, topic, Partitioning.ORDER, perSecond)) {
            TrafficGenerator.stream(spec, record -> {
                if (stopped) {
                    throw new Stopped();
                }
                writer.send(record);
                written.incrementAndGet();
            });
        } catch (Stopped e) {
            // close() asked for it
        }
    }

    @Override
    public void close() throws InterruptedException {
        // No interrupt: the producer would log it as an error while closing. The thread sleeps at most
        // 200 ms at a time and sees the flag.
        stopped = true;
        thread.join(Duration.ofSeconds(10).toMillis());
    }

    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }
}
