package io.payrecon.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.junit.jupiter.api.Test;

/** The watch around the connector's committer: a refused commit is counted and named; others pass. */
class WatchedKafkaSinkTest {
    private final java.util.Map<String, Metric> metrics = new java.util.HashMap<>();
    private final MetricGroup group = new UnregisteredMetricsGroup() {
        @Override
        public Counter counter(String name) {
            return counter(name, new org.apache.flink.metrics.SimpleCounter());
        }

        @Override
        public <C extends Counter> C counter(String name, C counter) {
            metrics.put(name, counter);
            return counter;
        }

        @Override
        public <T, G extends Gauge<T>> G gauge(String name, G gauge) {
            metrics.put(name, gauge);
            return gauge;
        }
    };

    @Test
    void theCheckpointComesFromTheConnectorsTransactionalId() {
        assertThat(WatchedKafkaSink.checkpointOf("payment-reconciliation-exceptions-0-42"))
                .isEqualTo(42);
        assertThat(WatchedKafkaSink.checkpointOf("no-number-here")).isEqualTo(-1);
        assertThat(WatchedKafkaSink.checkpointOf(null)).isEqualTo(-1);
    }

    @Test
    void aCommitKafkaRefusesIsCountedAndItsCheckpointKept() throws Exception {
        // The connector's committer, as it behaves for a transaction the broker aborted meanwhile.
        Committer<KafkaCommittable> refusing = new Committer<>() {
            @Override
            public void commit(java.util.Collection<CommitRequest<KafkaCommittable>> requests) {
                for (CommitRequest<KafkaCommittable> r : requests) {
                    if (r.getCommittable().getTransactionalId().endsWith("-7")) {
                        r.signalFailedWithKnownReason(new ProducerFencedException("epoch bumped"));
                    }
                }
            }

            @Override
            public void close() {}
        };
        WatchedKafkaSink.Watch watch = new WatchedKafkaSink.Watch(refusing, group, "exceptions", null);
        List<String> signals = new ArrayList<>();
        watch.commit(List.of(request("p-exceptions-0-6", signals), request("p-exceptions-0-7", signals)));

        assertThat(signals).as("the connector's signal still reaches Flink").containsExactly("failed p-exceptions-0-7");
        assertThat(((Counter) metrics.get(WatchedKafkaSink.LOST_TRANSACTIONS)).getCount())
                .isEqualTo(1);
        assertThat(((Gauge<?>) metrics.get(WatchedKafkaSink.LAST_LOST_CHECKPOINT)).getValue())
                .isEqualTo(7L);
    }

    private static Committer.CommitRequest<KafkaCommittable> request(String transactionalId, List<String> signals) {
        KafkaCommittable committable = new KafkaCommittable(1, (short) 0, transactionalId, null);
        return new Committer.CommitRequest<>() {
            @Override
            public KafkaCommittable getCommittable() {
                return committable;
            }

            @Override
            public int getNumberOfRetries() {
                return 0;
            }

            @Override
            public void signalFailedWithKnownReason(Throwable t) {
                signals.add("failed " + transactionalId);
            }

            @Override
            public void signalFailedWithUnknownReason(Throwable t) {
                signals.add("failed unknown " + transactionalId);
            }

            @Override
            public void retryLater() {}

            @Override
            public void updateAndRetryLater(KafkaCommittable c) {}

            @Override
            public void signalAlreadyCommitted() {}
        };
    }
}
