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
        public boolean readToEnd(int partition, long nextOffset, long forMillis) {
            return true;
        }
    };

    /**
     * @param partition the input partition, or -1 when this reader has not read any record yet
     * @param nextOffset the offset after the last record read from it (ignored for -1)
     * @param forMillis how long the brokers must have answered without a break
     * @return true when the brokers have answered for the partition (for -1: for every partition of
     *     the input) for at least {@code forMillis} and nothing readable lies beyond what was read
     */
    boolean readToEnd(int partition, long nextOffset, long forMillis);
}
