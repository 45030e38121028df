package io.payrecon.generator;

import io.payrecon.partitioner.OrderIdPartitioner;
import java.util.Locale;

/** How the generator spreads records over the topic's partitions. */
public enum Partitioning {
    /** All events of an order on one partition, via {@link OrderIdPartitioner}: what producers should do. */
    ORDER,
    /**
     * Each record on the partition its event id hashes to, so one order's events are spread over
     * partitions on purpose: the job must give the same output as long as the out-of-orderness
     * bound holds.
     */
    RANDOM;

    public String flagValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the value, or null for an unknown name */
    public static Partitioning fromFlag(String text) {
        for (Partitioning p : values()) {
            if (p.flagValue().equals(text)) {
                return p;
            }
        }
        return null;
    }
}
