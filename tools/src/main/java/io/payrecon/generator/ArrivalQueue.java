package io.payrecon.generator;

import java.util.Comparator;
import java.util.PriorityQueue;
import java.util.function.Consumer;

/**
 * Puts generated records into arrival order. Each record gets an arrival key {@code placement time +
 * jitter}, jitter uniform in [0, out-of-order bound), and records arrive in key order; ties go to the
 * record generated first. So a record can only arrive behind records whose event time is less than
 * the bound ahead of its own: the bound the job's watermark assumes.
 *
 * <p>Only in-flight orders are held: no order has an event before its start, so once the next order
 * starts at {@code t}, every queued record whose key is at or before {@code t} can be released. That
 * gives the same order as sorting the whole run at once.
 */
final class ArrivalQueue {
    /** Ordered by arrival key, then by generation order. */
    private static final Comparator<Pending> ARRIVAL =
            Comparator.comparingLong(Pending::arrivalKey).thenComparingLong(Pending::seq);

    private record Pending(long arrivalKey, long seq, GeneratedRecord record) {}

    private final long outOfOrderBoundMillis;
    private final Consumer<? super GeneratedRecord> sink;
    private final PriorityQueue<Pending> queue = new PriorityQueue<>(ARRIVAL);
    private long seq;

    ArrivalQueue(long outOfOrderBoundMillis, Consumer<? super GeneratedRecord> sink) {
        this.outOfOrderBoundMillis = outOfOrderBoundMillis;
        this.sink = sink;
    }

    /**
     * Queues a record of the order that started at {@code orderStart}; the jitter is drawn from that
     * order's own stream, so it is part of the order's seeded output.
     */
    void add(GeneratedRecord record, long placementTime, long orderStart, SplitMix64 rng) {
        if (placementTime < orderStart) {
            // The release rule relies on this; a violation is a bug in the model, not bad input.
            throw new IllegalStateException("event before its order's start: " + record);
        }
        long jitter = outOfOrderBoundMillis > 0 ? rng.nextLong(outOfOrderBoundMillis) : 0;
        queue.add(new Pending(placementTime + jitter, seq++, record));
    }

    /** Hands over every queued record that no order starting at {@code upToKey} or later can precede. */
    void releaseUpTo(long upToKey) {
        while (!queue.isEmpty() && queue.peek().arrivalKey() <= upToKey) {
            sink.accept(queue.poll().record());
        }
    }

    /** Hands over everything left, at the end of the run. */
    void releaseAll() {
        releaseUpTo(Long.MAX_VALUE);
    }
}
