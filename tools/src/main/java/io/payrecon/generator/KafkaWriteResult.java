package io.payrecon.generator;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * What a Kafka write did: how many records, and how evenly they spread over the topic's partitions
 * (counted from the acknowledged {@code RecordMetadata}, so it is where the broker put them).
 *
 * @param topic the topic written
 * @param partitioning how records were spread
 * @param records records acknowledged by the broker
 * @param perPartition records per partition, indexed by partition number; covers every partition of
 *     the topic (copied in and out: the result cannot change)
 */
public record KafkaWriteResult(String topic, Partitioning partitioning, long records, long[] perPartition) {

    public KafkaWriteResult {
        perPartition = perPartition.clone();
    }

    @Override
    public long[] perPartition() {
        return perPartition.clone();
    }

    public int partitionCount() {
        return perPartition.length;
    }

    public int partitionsUsed() {
        int used = 0;
        for (long n : perPartition) {
            if (n > 0) {
                used++;
            }
        }
        return used;
    }

    public long minPerPartition() {
        long min = Long.MAX_VALUE;
        for (long n : perPartition) {
            min = Math.min(min, n);
        }
        return perPartition.length == 0 ? 0 : min;
    }

    public long maxPerPartition() {
        long max = 0;
        for (long n : perPartition) {
            max = Math.max(max, n);
        }
        return max;
    }

    public double averagePerPartition() {
        return perPartition.length == 0 ? 0 : (double) records / perPartition.length;
    }

    /** 1.0 is a perfect spread; a hot partition shows as a high ratio. 0 when nothing was written. */
    public double maxToAverage() {
        double avg = averagePerPartition();
        return avg == 0 ? 0 : maxPerPartition() / avg;
    }

    /** "partitions used 6/6, records per partition min 5790 avg 5835.3 max 5880, max/avg 1.008". */
    public String describeSpread() {
        return String.format(
                Locale.ROOT,
                "partitions used %d/%d, records per partition min %d avg %.1f max %d, max/avg %.3f",
                partitionsUsed(),
                partitionCount(),
                minPerPartition(),
                averagePerPartition(),
                maxPerPartition(),
                maxToAverage());
    }

    // A record's array component compares by identity; a result compares by its counts.
    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaWriteResult that
                && records == that.records
                && topic.equals(that.topic)
                && partitioning == that.partitioning
                && Arrays.equals(perPartition, that.perPartition);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(topic, partitioning, records) + Arrays.hashCode(perPartition);
    }

    @Override
    public String toString() {
        return "KafkaWriteResult{" + records + " records to " + topic + " (" + partitioning.flagValue()
                + " partitioning), " + describeSpread() + "}";
    }
}
