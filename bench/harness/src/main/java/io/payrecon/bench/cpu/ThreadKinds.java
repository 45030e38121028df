package io.payrecon.bench.cpu;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU seconds per thread kind between a first snapshot and the last sample in which each thread
 * was seen. Task threads end with their job, so a thread's last sample is its total; a thread born
 * after the first snapshot counts from zero.
 */
public final class ThreadKinds {
    /** Kinds under this many seconds are left out: they are noise beside the drain's own. */
    private static final double SMALLEST = 0.05;

    private ThreadKinds() {}

    /** Kind to CPU seconds, largest first, kinds of at least 0.05 s only. */
    public static Map<String, Double> secondsPerKind(
            Collection<ThreadTicks> before, Collection<ThreadTicks> samples, double ticksPerSecond) {
        Map<Long, Long> base = new HashMap<>();
        before.forEach(t -> base.put(t.tid(), t.ticks()));
        Map<Long, ThreadTicks> last = new HashMap<>();
        samples.forEach(t -> last.put(t.tid(), t));
        Map<String, Double> perKind = new HashMap<>();
        for (ThreadTicks t : last.values()) {
            double seconds = (t.ticks() - base.getOrDefault(t.tid(), 0L)) / ticksPerSecond;
            perKind.merge(t.kind(), seconds, Double::sum);
        }
        Map<String, Double> sorted = new LinkedHashMap<>();
        perKind.entrySet().stream()
                .filter(e -> e.getValue() >= SMALLEST)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return sorted;
    }
}
