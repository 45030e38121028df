package io.payrecon.generator;

import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Wall-clock pacing for writers: record {@code i} is due at {@code origin + i / rate}. The schedule
 * is absolute, so time lost in a slow send is made up by the next records instead of accumulating
 * (the average rate holds; a stall is followed by a short burst).
 */
final class Pacer {
    /** Sleeps; a seam so that tests can pace on a fake clock. */
    interface Sleeper {
        void sleepNanos(long nanos) throws InterruptedException;
    }

    private final double nanosPerRecord;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;
    private long origin;
    private long count;

    /**
     * @param ratePerSecond records per second; 0 means no pacing
     */
    Pacer(double ratePerSecond, LongSupplier nanoClock, Sleeper sleeper) {
        if (!(ratePerSecond >= 0) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0: " + ratePerSecond);
        }
        this.nanosPerRecord = ratePerSecond == 0 ? 0 : 1e9 / ratePerSecond;
        this.nanoClock = nanoClock;
        this.sleeper = sleeper;
    }

    static Pacer of(double ratePerSecond) {
        return new Pacer(ratePerSecond, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    /** Blocks until the next record is due. */
    void awaitTurn() {
        if (nanosPerRecord == 0) {
            return;
        }
        long now = nanoClock.getAsLong();
        if (count == 0) {
            origin = now;
        }
        long due = origin + (long) (count * nanosPerRecord);
        count++;
        if (due - now > 0) {
            try {
                sleeper.sleepNanos(due - now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("interrupted while pacing records");
            }
        }
    }
}
