package io.payrecon.local;

import io.payrecon.generator.GeneratedRecord;
import io.payrecon.generator.KafkaTrafficWriter;
import io.payrecon.generator.Partitioning;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Generated traffic as it would arrive live: each record is written when the wall clock reaches its
 * event time, so event time follows the clock, a late counterpart arrives late, and the anomalies of
 * the generator (every kind, at its usual shares) happen while the job runs. What the demo's
 * {@code --keep-running} feeds its live job, until {@link #close}.
 */
final class LiveTrickle implements AutoCloseable {
    /** Orders enough for weeks at the trickle's pace: it ends with the process, not before. */
    private static final int ORDERS = 10_000_000;

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
        try (KafkaTrafficWriter writer = KafkaTrafficWriter.open(bootstrap, topic, Partitioning.ORDER, 0)) {
            TrafficGenerator.stream(spec, record -> {
                awaitEventTime(record);
                writer.send(record);
                written.incrementAndGet();
            });
        } catch (Stopped e) {
            // close() asked for it
        }
    }

    private void awaitEventTime(GeneratedRecord record) {
        // Malformed records state no time (Long.MIN_VALUE): they go at once.
        long wait = record.eventTime() - System.currentTimeMillis();
        while (wait > 0 && !stopped) {
            try {
                Thread.sleep(Math.min(wait, 200)); // the wall clock is what this waits for
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stopped();
            }
            wait = record.eventTime() - System.currentTimeMillis();
        }
        if (stopped) {
            throw new Stopped();
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
