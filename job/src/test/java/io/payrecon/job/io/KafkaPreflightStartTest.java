package io.payrecon.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.job.io.KafkaPreflight.Start;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * How the preflight tells a fresh client submission from a restore and from a JobManager's own run
 * of {@code main}, and which transactions and offsets it counts. KafkaPreflightFreshStartTest checks
 * the same against a real broker, FreshStartIT on the real cluster.
 */
class KafkaPreflightStartTest {
    @Test
    void aClientWithoutASavepointPathStartsFresh() {
        assertThat(Start.of(new Configuration())).isEqualTo(Start.FRESH);
        assertThat(Start.of(Configuration.fromMap(Map.of("execution.target", "remote"))))
                .isEqualTo(Start.FRESH);
        assertThat(Start.of(Configuration.fromMap(
                        Map.of("execution.target", "remote", "execution.state-recovery.path", " "))))
                .isEqualTo(Start.FRESH);
    }

    @Test
    void flinkRunWithSavepointRestores() {
        // flink run -s PATH puts PATH here, in the configuration main() is started with.
        assertThat(Start.of(Configuration.fromMap(Map.of(
                        "execution.target", "remote", "execution.state-recovery.path", "file:/sp/savepoint-1a2b3c"))))
                .isEqualTo(Start.RESTORE);
    }

    @Test
    void mainInsideTheJobManagerIsNeverAFreshStart() {
        // Application mode under HA: main() runs again after a JobManager failover, with the fixed
        // job id and no savepoint path; the job recovers from HA's checkpoints, and its own
        // transactions are still open.
        assertThat(Start.of(Configuration.fromMap(Map.of(
                        "execution.target", "embedded",
                        "$internal.pipeline.job-id", "00000000000000000000000000000000",
                        "high-availability.type", "kubernetes"))))
                .isEqualTo(Start.JOBMANAGER);
    }

    @Test
    void onlyLiveTransactionsOfTheJobsOwnSinksCount() {
        List<TransactionListing> listed = List.of(
                new TransactionListing("payment-reconciliation-reconciled-0-7", 1, TransactionState.ONGOING),
                new TransactionListing("payment-reconciliation-statements-0-7", 2, TransactionState.PREPARE_COMMIT),
                new TransactionListing("payment-reconciliation-exceptions-1-7", 3, TransactionState.COMPLETE_COMMIT),
                // another job's prefix that starts with this one's
                new TransactionListing("payment-reconciliation-backfill-reconciled-0-1", 4, TransactionState.ONGOING),
                new TransactionListing("billing-7", 5, TransactionState.ONGOING));
        assertThat(KafkaPreflight.liveOfPrefix(listed, "payment-reconciliation"))
                .extracting(TransactionListing::transactionalId)
                .containsExactly("payment-reconciliation-reconciled-0-7", "payment-reconciliation-statements-0-7");
        assertThat(KafkaPreflight.liveOfPrefix(listed, "payment-reconciliation-backfill"))
                .extracting(TransactionListing::transactionalId)
                .containsExactly("payment-reconciliation-backfill-reconciled-0-1");
        assertThat(KafkaPreflight.liveOfPrefix(listed, "payment")).isEmpty();
    }

    @Test
    void onlyTheInputTopicsCommittedOffsetsCount() {
        Map<TopicPartition, OffsetAndMetadata> committed = new java.util.HashMap<>();
        committed.put(new TopicPartition("reconciliation", 3), new OffsetAndMetadata(10));
        committed.put(new TopicPartition("reconciliation", 1), new OffsetAndMetadata(0));
        committed.put(new TopicPartition("reconciliation", 2), null);
        committed.put(new TopicPartition("other", 0), new OffsetAndMetadata(5));
        assertThat(KafkaPreflight.committedPartitions(committed, "reconciliation"))
                .containsExactly(1, 3);
        assertThat(KafkaPreflight.committedPartitions(committed, "nothing")).isEmpty();
    }
}
