package io.payrecon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.local.LiveJob;
import io.payrecon.local.TopicReader;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 21, item 5, on the real cluster: an outage of the input brokers is not a quiet night. The
 * input topic lives on a broker of its own (so the outage does not also restart the job through its
 * sinks); debits are written stamped with the wall clock and read by the job, the input broker is
 * killed for 45 s, and
 * their credits (20 s later in event time) are written as it is back, with a 30 s match window and a
 * 10 s idle flush. Before the fix the idle flush moved event time with the wall clock during the
 * outage and flagged every debit UNMATCHED; now only a partition the input brokers answer for, read
 * to its end, may flush: every pair matches, 0 UNMATCHED. A debit that never gets its credit, written
 * once the broker is back, is still flagged by the idle flush (rule 9 still works on a quiet night).
 */
class InputOutageIT {
    private static final int PAIRS = 20;
    private static final Duration OUTAGE_LENGTH = Duration.ofSeconds(45);

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = new LocalClusterExtension("cluster-outage-it", false);

    @Test
    void anInputOutageIsNotAQuietNight() throws Exception {
        LocalCluster cluster = CLUSTER.get();
        Path jar = Path.of(System.getProperty("job.jar", "target/payment-reconciliation.jar"));
        Map<String, String> inputBroker = Map.of(
                "PAYRECON_RUN_DIR", cluster.runDir.resolve("input-kafka").toString(),
                "PAYRECON_KAFKA_PORT", "19192",
                "PAYRECON_KAFKA_CONTROLLER_PORT", "19193");
        String input = "127.0.0.1:19192";
        cluster.ops(inputBroker, "ops/kafka-start.sh");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, input,
                                // The credits wait in the producer while the broker is down.
                                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 300_000,
                                ProducerConfig.LINGER_MS_CONFIG, 0),
                        new StringSerializer(),
                        new StringSerializer());
                TopicReader reconciled = new TopicReader(LocalCluster.BOOTSTRAP, "reconciled");
                TopicReader exceptions = new TopicReader(LocalCluster.BOOTSTRAP, "exceptions")) {
            cluster.ops(inputBroker, "ops/kafka-topics.sh");
            String[] flags = ClusterTraffic.jobFlags(
                    "outage-it",
                    "2s",
                    "--input-bootstrap-servers",
                    input,
                    "--idle-flush",
                    "10s",
                    "--match-window",
                    "30s",
                    "--max-time-ahead",
                    "10s",
                    "--parallelism",
                    "1");
            String job = cluster.submit(ClusterTraffic.args(jar.toString(), flags));

            Instant t0 = Instant.now();
            for (int i = 0; i < PAIRS; i++) {
                producer.send(record("d" + i, "o-" + i, "debit", t0));
            }
            producer.send(record("d-first", "o-first", "debit", t0));
            producer.send(record("c-first", "o-first", "credit", t0));
            producer.flush();
            // The job has read them (its committed offsets reach the ends): the debits wait in its state.
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, input))) {
                LocalCluster.await(Duration.ofMinutes(2), "the job to have read the debits", () -> readToEnd(admin));
            }

            cluster.ops(inputBroker, "ops/kafka-kill.sh");
            long killedAt = System.currentTimeMillis();
            // The outage itself is the scenario: its length is the point, not a wait for something.
            LocalCluster.await(
                    OUTAGE_LENGTH.plusSeconds(10),
                    "the outage to last " + OUTAGE_LENGTH,
                    () -> System.currentTimeMillis() - killedAt >= OUTAGE_LENGTH.toMillis());
            cluster.ops(inputBroker, "ops/kafka-start.sh");
            // The credits, 20 s after their debits (inside the match window), written as the broker is
            // back, as producers that could not write meanwhile do. (Written during the outage, they
            // would block in send: Kafka 4's producer forgets the cluster while it rebootstraps.)
            for (int i = 0; i < PAIRS; i++) {
                producer.send(record("c" + i, "o-" + i, "credit", t0.plusSeconds(20)));
            }
            producer.flush();

            LocalCluster.await(
                    Duration.ofMinutes(2),
                    "every pair reconciled",
                    () -> reconciled.poll(Duration.ofMillis(100)).size() >= PAIRS + 1);
            // A debit that never gets a credit: the idle flush still flags it on the quiet input.
            producer.send(record("d-alone", "o-alone", "debit", Instant.now()));
            producer.flush();
            List<String> alerts = ClusterTraffic.texts(exceptions.pollUntil(
                    r -> ClusterTraffic.texts(r).stream().anyMatch(e -> e.contains("o-alone:UNMATCHED_DEBIT")),
                    Duration.ofMinutes(2)));

            assertThat(alerts)
                    .as("only the debit that never got its credit: 0 spurious UNMATCHED from the outage")
                    .singleElement()
                    .asString()
                    .contains("\"exception_id\":\"o-alone:UNMATCHED_DEBIT\"", "\"state\":\"OPEN\"");
            assertThat(ClusterTraffic.texts(reconciled.readToEnd(Duration.ofMinutes(1))))
                    .hasSize(PAIRS + 1)
                    .allMatch(r -> r.contains("\"late\":false"));
            cluster.ops("ops/flink", "cancel", job);
        } finally {
            cluster.ops(inputBroker, "ops/kafka-stop.sh");
        }
    }

    /** The job's group has committed, on every partition with records, the end of the input. */
    private static boolean readToEnd(Admin admin) {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("outage-it")
                    .partitionsToOffsetAndMetadata()
                    .get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < ClusterTraffic.PARTITIONS; p++) {
                latest.put(new TopicPartition("reconciliation", p), OffsetSpec.latest());
            }
            for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata c = committed.get(end.getKey());
                if (end.getValue().offset() > 0
                        && (c == null || c.offset() < end.getValue().offset())) {
                    return false;
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static ProducerRecord<String, String> record(String id, String order, String type, Instant time) {
        return new ProducerRecord<>("reconciliation", order, LiveJob.event(id, order, type, "10.00", time));
    }
}
