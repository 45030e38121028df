package io.payrecon.job.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.job.config.JobConfig;
import io.payrecon.local.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An output topic that can lose acknowledged writes (replication factor 1, or min.insync.replicas
 * 1) gets one warning line outside a local run, and the job still starts. KafkaPreflightTest has
 * the failures.
 */
class KafkaPreflightWarningsTest {
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(2, "reconciliation", "reconciled", "exceptions", "statements");
        // One broker: replication factor 1 whatever is asked, but min.insync.replicas is the topic's.
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(
                            new NewTopic("exceptions-isr2", 2, (short) 1).configs(Map.of("min.insync.replicas", "2"))))
                    .all()
                    .get();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        kafka.close();
    }

    private static JobConfig config(String... extra) {
        String[] args = new String[extra.length + 2];
        args[0] = "--bootstrap-servers";
        args[1] = kafka.bootstrapServers();
        System.arraycopy(extra, 0, args, 2, extra.length);
        return JobConfig.parse(args);
    }

    private static String warning(String flag, String topic, String risks) {
        return flag + ": topic '" + topic + "' can lose acknowledged writes (" + risks
                + "); production needs replication factor 3 and min.insync.replicas 2 (docs/operations.md)";
    }

    @Test
    void warnsOncePerOutputTopicAndStillPasses() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> warnings =
                KafkaPreflight.check(config(), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        assertThat(warnings)
                .containsExactly(
                        warning("--reconciled-topic", "reconciled", "replication factor 1, min.insync.replicas 1"),
                        warning("--exceptions-topic", "exceptions", "replication factor 1, min.insync.replicas 1"),
                        warning("--statements-topic", "statements", "replication factor 1, min.insync.replicas 1"));
        assertThat(err.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(warnings.stream().map(w -> "warning: " + w).toArray(String[]::new));
    }

    @Test
    void namesOnlyWhatIsUnsafe() {
        List<String> warnings = KafkaPreflight.check(
                config("--exceptions-topic", "exceptions-isr2"),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                false);
        assertThat(warnings)
                .containsExactly(
                        warning("--reconciled-topic", "reconciled", "replication factor 1, min.insync.replicas 1"),
                        warning("--exceptions-topic", "exceptions-isr2", "replication factor 1"),
                        warning("--statements-topic", "statements", "replication factor 1, min.insync.replicas 1"));
    }

    /** The input topic is only read: its durability is the producers' business, not a warning here. */
    @Test
    void localRunsAreNotWarned() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(KafkaPreflight.check(config(), new PrintStream(err, true, StandardCharsets.UTF_8), true))
                .isEmpty();
        assertThat(err.size()).isZero();
        // The embedded broker listens on loopback: the public entry point sees a local run.
        assertThat(KafkaPreflight.isLocal(kafka.bootstrapServers())).isTrue();
        assertThat(KafkaPreflight.check(config())).isEmpty();
    }

    @ParameterizedTest(name = "replication factor {0}, min.insync.replicas {1}: {2}")
    @CsvSource(
            delimiter = ';',
            value = {
                "3; 2; ",
                "2; 2; ",
                "5; 3; ",
                "1; 2; replication factor 1",
                "3; 1; min.insync.replicas 1",
                "1; 1; replication factor 1, min.insync.replicas 1",
            })
    void judgesEachSetting(int replicationFactor, int minInsyncReplicas, String risks) {
        String expected = risks == null ? null : warning("--reconciled-topic", "reconciled", risks);
        assertThat(KafkaPreflight.durabilityWarning(
                        "--reconciled-topic", "reconciled", replicationFactor, minInsyncReplicas))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}: local {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "localhost:9092; true",
                "LOCALHOST:9092; true",
                "127.0.0.1:9092; true",
                "127.0.0.1:9092,localhost:9093; true",
                "[::1]:9092; true",
                "kafka.invalid:9092; false",
                "192.0.2.10:9092; false",
                "localhost:9092,192.0.2.10:9092; false",
            })
    void aLocalRunIsOneWhoseBrokersAreAllOnLoopback(String bootstrapServers, boolean local) {
        assertThat(KafkaPreflight.isLocal(bootstrapServers)).isEqualTo(local);
    }
}
