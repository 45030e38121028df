package io.payrecon.job.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.cli.UsageException;
import io.payrecon.job.config.JobConfig;
import io.payrecon.job.io.KafkaPreflight.Start;
import io.payrecon.local.EmbeddedKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue #21, items 2 and 3, against a real broker: a client submission that restores nothing is
 * refused with one line when its consumer group has committed offsets on the input topic, or when
 * transactions of its prefix are live; a restore ({@code -s}), a JobManager's own run of {@code
 * main} (a failover under HA) and the flags that say it is meant are not.
 */
class KafkaPreflightFreshStartTest {
    private static EmbeddedKafka kafka;
    private static Admin admin;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(2, "reconciliation", "reconciled", "exceptions", "statements");
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    @AfterAll
    static void stop() throws Exception {
        admin.close();
        kafka.close();
    }

    private static JobConfig config(String... extra) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", kafka.bootstrapServers()));
        args.addAll(List.of(extra));
        return JobConfig.parse(args.toArray(new String[0]));
    }

    private static void check(JobConfig config, Start start) {
        KafkaPreflight.check(config, start, System.err, true);
    }

    @Test
    void aFreshStartOverTheGroupsCommittedOffsetsIsRefusedUnlessMeant() throws Exception {
        // What a running job's checkpoints leave: offsets committed for its group on the input topic.
        admin.alterConsumerGroupOffsets(
                        "live-group",
                        Map.of(
                                new TopicPartition("reconciliation", 0), new OffsetAndMetadata(0),
                                new TopicPartition("reconciliation", 1), new OffsetAndMetadata(0)))
                .all()
                .get();
        admin.alterConsumerGroupOffsets(
                        "other-topic-group", Map.of(new TopicPartition("exceptions", 0), new OffsetAndMetadata(0)))
                .all()
                .get();

        assertThatThrownBy(() -> check(config("--group-id", "live-group"), Start.FRESH))
                .isInstanceOf(UsageException.class)
                .hasMessage("--group-id: consumer group 'live-group' has committed offsets on 'reconciliation'"
                        + " (2 partition(s)) and nothing is restored: a start without -s forgets every open pair and"
                        + " sends exceptions again; restore the last savepoint or checkpoint with -s, or give"
                        + " --allow-fresh-start if a fresh start is meant");

        check(config("--group-id", "live-group"), Start.RESTORE);
        check(config("--group-id", "live-group"), Start.JOBMANAGER);
        check(config("--group-id", "live-group", "--allow-fresh-start"), Start.FRESH);
        check(config("--group-id", "new-group"), Start.FRESH);
        check(config("--group-id", "other-topic-group"), Start.FRESH);
    }

    @Test
    void aFreshStartWhileTransactionsOfThePrefixAreLiveIsRefusedUnlessMeant() throws Exception {
        // A live job's exceptions sink: a transaction begun and written to, not committed yet.
        try (KafkaProducer<String, String> live = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.TRANSACTIONAL_ID_CONFIG,
                        "live-job-exceptions-0-12"),
                new StringSerializer(),
                new StringSerializer())) {
            live.initTransactions();
            live.beginTransaction();
            live.send(new ProducerRecord<>("exceptions", "o-1", "{}")).get();
            awaitListed("live-job-exceptions-0-12");

            assertThatThrownBy(() ->
                            check(config("--group-id", "tx-1", "--transactional-id-prefix", "live-job"), Start.FRESH))
                    .isInstanceOf(UsageException.class)
                    .hasMessage("--transactional-id-prefix: 1 transaction(s) of 'live-job' are live on "
                            + kafka.bootstrapServers() + " (e.g. 'live-job-exceptions-0-12', Ongoing): another job"
                            + " writes with this prefix and would be fenced; give this job its own prefix, restore"
                            + " with -s, or --allow-live-transactions if that job is gone for good");

            // A restore, a JobManager failover (main() again, its own transactions still open), the
            // flag, another prefix (also one that starts with this one), and at-least-once pass.
            check(config("--group-id", "tx-1", "--transactional-id-prefix", "live-job"), Start.RESTORE);
            check(config("--group-id", "tx-1", "--transactional-id-prefix", "live-job"), Start.JOBMANAGER);
            check(
                    config("--group-id", "tx-1", "--transactional-id-prefix", "live-job", "--allow-live-transactions"),
                    Start.FRESH);
            check(config("--group-id", "tx-1", "--transactional-id-prefix", "live-job-backfill"), Start.FRESH);
            check(config("--group-id", "tx-1", "--transactional-id-prefix", "live"), Start.FRESH);
            check(
                    config(
                            "--group-id",
                            "tx-1",
                            "--transactional-id-prefix",
                            "live-job",
                            "--delivery",
                            "at-least-once"),
                    Start.FRESH);

            live.commitTransaction();
        }
        // Committed: nothing is live, a fresh start with the prefix is accepted.
        check(config("--group-id", "tx-1", "--transactional-id-prefix", "live-job"), Start.FRESH);
    }

    private static void awaitListed(String transactionalId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (admin
                .listTransactions(new ListTransactionsOptions().filterStates(KafkaPreflight.LIVE))
                .all()
                .get()
                .stream()
                .noneMatch(t -> t.transactionalId().equals(transactionalId))) {
            assertThat(System.nanoTime())
                    .as("transaction " + transactionalId + " listed")
                    .isLessThan(deadline);
            Thread.sleep(50); // polling interval of a wait with a deadline
        }
    }
}
