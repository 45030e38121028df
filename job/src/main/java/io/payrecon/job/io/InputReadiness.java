package io.payrecon.job.io;

import java.io.Serializable;

/**
 * Whether the input is reachable and read to its end, which the idle flush (rule 9) needs before it
 * lets event time follow the wall clock: only then is a quiet partition a quiet night and not an
 * input the job cannot reach. {@link KafkaInputProbe} asks the input brokers.
 */
public interface InputReadiness extends Serializable {
    /** Never asks: every quiet partition counts as read to its end (bounded runs, tests). */
    InputReadiness ALWAYS = new InputReadiness() {
        private static final long serialVersionUID = 1L;

        @Override
        public long readToEndUntil(int partition, long nextOffset, long forMillis) {
            return Long.MAX_VALUE;
        }
    };

    /** What {@link #readToEndUntil} returns when the input is not known to be read to its end. */
    long NOT_READ_TO_END = Long.MIN_VALUE;

    /**
     * @param partition the input partition, or -1 when this reader has not read any record yet
     * @param nextOffset the offset after the last record read from it (ignored for -1)
     * @param forMillis how long the brokers must have answered without a break
     * @return the wall-clock time (epoch ms) of the brokers' latest answer when they have answered
     *     for the partition (for -1: for every partition of the input) for at least {@code forMillis}
     *     and nothing readable lay beyond what was read; else {@link #NOT_READ_TO_END}. Event time
     *     may follow the wall clock up to that time, not further: what was written after it is not
     *     known to be read
     */
    long readToEndUntil(int partition, long nextOffset, long forMillis);

    /** {@link #readToEndUntil} as a yes or no. */
    default boolean readToEnd(int partition, long nextOffset, long forMillis) {
        return readToEndUntil(partition, nextOffset, forMillis) != NOT_READ_TO_END;
    }
}
