package io.payrecon.bench.flink;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Asks again and again until an answer comes or a deadline passes: every wait of the benchmark (a
 * job's state, free slots, a metric, a checkpoint's statistics). The clock and the pause are
 * passed in, so that a test runs a timeout in no time.
 */
public final class Poller {
    /** Pauses between two questions. */
    public interface Pause {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final LongSupplier nanoTime;
    private final Pause pause;

    public Poller(LongSupplier nanoTime, Pause pause) {
        this.nanoTime = nanoTime;
        this.pause = pause;
    }

    public static Poller system() {
        return new Poller(System::nanoTime, duration -> Thread.sleep(duration.toMillis()));
    }

    /**
     * The first answer {@code probe} gives within {@code timeout}, asking every {@code interval};
     * at the deadline a {@link TimeoutException} with {@code what} as its message.
     */
    public <T> T until(Duration timeout, Duration interval, Supplier<Optional<T>> probe, Supplier<String> what) {
        long deadline = nanoTime.getAsLong() + timeout.toNanos();
        while (true) {
            Optional<T> answer = probe.get();
            if (answer.isPresent()) {
                return answer.get();
            }
            if (nanoTime.getAsLong() - deadline >= 0) {
                throw new TimeoutException(what.get());
            }
            try {
                pause.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimeoutException("interrupted while waiting: " + what.get());
            }
        }
    }

    /** A wait that ran out of time. */
    public static final class TimeoutException extends RuntimeException {
        public TimeoutException(String message) {
            super(message);
        }
    }
}
