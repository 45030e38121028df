package io.payrecon.job.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Records the job was to read but that were gone when it started reading a partition: its starting
 * offset (restored from a savepoint or checkpoint, or committed by the group) lies below the
 * partition's log start offset (retention passed it, {@code deleteRecords}, a recreated topic), or
 * above the log end (a recreated topic with fewer records). Kafka's consumer would reset such an
 * offset by {@code auto.offset.reset} without a word. The small gaps transaction markers leave inside
 * the log are not gaps here: only the log start and end count.
 *
 * @param from the offset the job was to read next
 * @param logStart the partition's first offset
 * @param logEnd the partition's next offset to be written
 */
public record OffsetGap(TopicPartition partition, long from, long logStart, long logEnd) {

    /** Records lost below the log start (0 when the offset is beyond the end, where it is not known). */
    public long lost() {
        return from < logStart ? logStart - from : 0;
    }

    /** The log line an operator reads: partition, the offsets, and what it means. */
    public String describe() {
        if (from < logStart) {
            return "Offset gap on " + partition + ": the job was to read from offset " + from
                    + " but the partition's log starts at " + logStart + "; offsets " + from + ".." + (logStart - 1)
                    + " (" + lost() + " records) were deleted before the job read them (retention, deleteRecords"
                    + " or a recreated topic) and are not reconciled; it reads on from " + logStart;
        }
        return "Offset gap on " + partition + ": the job was to read from offset " + from
                + " but the partition ends at " + logEnd + " (log start " + logStart + "): the topic was"
                + " recreated or truncated; what it held beyond " + logEnd + " is not reconciled, and the consumer"
                + " resets to the log start";
    }

    /**
     * The gaps among {@code starts}, judged by the partitions' log start and end offsets; partitions
     * without a concrete start (negative: Kafka source markers such as earliest) or without a known
     * log start are not judged.
     */
    public static List<OffsetGap> find(
            Map<TopicPartition, Long> starts, Map<TopicPartition, Long> logStarts, Map<TopicPartition, Long> logEnds) {
        List<OffsetGap> gaps = new ArrayList<>();
        starts.forEach((tp, from) -> {
            Long start = logStarts.get(tp);
            if (from == null || from < 0 || start == null) {
                return;
            }
            long end = logEnds.getOrDefault(tp, Long.MAX_VALUE);
            if (from < start || from > end) {
                gaps.add(new OffsetGap(tp, from, start, end));
            }
        });
        gaps.sort((a, b) -> a.partition().toString().compareTo(b.partition().toString()));
        return gaps;
    }
}
