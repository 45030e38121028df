package io.payrecon.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.cli.UsageException;
import io.payrecon.job.ReconciliationJob;
import io.payrecon.job.config.JobConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24, item 5: Kafka credentials reach the job through Kafka's config providers, so that no
 * password is written into the job graph (which Flink keeps in its HA store and ships to every
 * TaskManager). The job is built as {@code flink run} builds it (its own parser, its own {@code
 * build}), with the password in a file that {@code client.properties} names through {@code
 * ${file:...}}; the serialized StreamGraph and JobGraph must hold the placeholder and not the
 * password, and Kafka's own client configuration classes must resolve the placeholder to the
 * password, as each client of the job does when it starts.
 */
class KafkaSecretsTest {
    /** A password no other byte of the graph could hold by chance. */
    private static final String PASSWORD = "pw-" + UUID.randomUUID();

    private static final String TRUSTSTORE_PASSWORD = "ts-" + UUID.randomUUID();

    private static Path credentials(Path dir) throws Exception {
        return Files.writeString(
                dir.resolve("credentials.properties"),
                "password=" + PASSWORD + "\ntruststore.password=" + TRUSTSTORE_PASSWORD + "\n");
    }

    /** client.properties as deploy/kubernetes/kafka-client-secret.example.yaml writes it. */
    private static Path clientProperties(Path dir, Path credentials) throws Exception {
        return Files.writeString(
                dir.resolve("client.properties"),
                String.join(
                        "\n",
                        "config.providers=file",
                        "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider",
                        "config.providers.file.param.allowed.paths=" + dir,
                        "security.protocol=SASL_SSL",
                        "sasl.mechanism=SCRAM-SHA-512",
                        "sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required"
                                + " username=\"recon\" password=\"${file:" + credentials + ":password}\";",
                        "ssl.truststore.location=" + dir.resolve("truststore.jks"),
                        "ssl.truststore.password=${file:" + credentials + ":truststore.password}",
                        ""));
    }

    private static JobConfig jobConfig(Path clientProperties) {
        return JobConfig.parse(
                "--bootstrap-servers",
                "kafka-0.kafka.payments.svc:9093",
                "--kafka-properties",
                clientProperties.toString(),
                // No broker here: the graph is all this test needs.
                "--skip-preflight");
    }

    @Test
    void theSerializedJobGraphHoldsThePlaceholderNotThePassword(@TempDir Path dir) throws Exception {
        Path credentials = credentials(dir);
        JobConfig config = jobConfig(clientProperties(dir, credentials));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new ReconciliationJob(config).build(env);
        StreamGraph streamGraph = env.getStreamGraph();
        JobGraph jobGraph = streamGraph.getJobGraph();
        // What the client does before it submits a StreamGraph (Flink 2's adaptive graph): its
        // operators go into the serialized form with the graph.
        streamGraph.serializeUserDefinedInstances();

        for (Object graph : List.of(streamGraph, jobGraph)) {
            String bytes = new String(InstantiationUtil.serializeObject(graph), StandardCharsets.ISO_8859_1);
            String what = graph.getClass().getSimpleName();
            // The control: the Kafka settings are in the graph (source and sinks carry them), so a
            // password given in plain text would be in these bytes too.
            assertThat(bytes)
                    .as(what + " holds the client settings")
                    .contains("${file:" + credentials + ":password}")
                    .contains("${file:" + credentials + ":truststore.password}")
                    .contains("ScramLoginModule");
            assertThat(bytes)
                    .as(what + " holds no secret")
                    .doesNotContain(PASSWORD)
                    .doesNotContain(TRUSTSTORE_PASSWORD);
        }
    }

    /** What each Kafka client of the job does with the settings when it starts: resolve the file. */
    @Test
    void kafkasClientsResolveThePlaceholderWhenTheyStart(@TempDir Path dir) throws Exception {
        Path credentials = credentials(dir);
        JobConfig config = jobConfig(clientProperties(dir, credentials));
        Map<String, Object> settings = new HashMap<>(config.kafkaProperties);
        settings.put("bootstrap.servers", config.bootstrapServers);
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);

        for (AbstractConfig client :
                List.of(new ConsumerConfig(settings), new ProducerConfig(settings), new AdminClientConfig(settings))) {
            assertThat(client.getPassword(SaslConfigs.SASL_JAAS_CONFIG).value())
                    .as(client.getClass().getSimpleName())
                    .contains("password=\"" + PASSWORD + "\"")
                    .doesNotContain("${file:");
            assertThat(client.getPassword(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG)
                            .value())
                    .isEqualTo(TRUSTSTORE_PASSWORD);
        }
    }

    /** A password in plain text would go into the graph: the job refuses it before building anything. */
    @Test
    void aPasswordInPlainTextIsRefusedNamingTheFlag(@TempDir Path dir) throws Exception {
        Path plain = Files.writeString(
                dir.resolve("plain.properties"),
                Files.readString(clientProperties(dir, credentials(dir)))
                        .replace("${file:" + dir.resolve("credentials.properties") + ":password}", PASSWORD));
        assertThat(Files.readString(plain)).contains(PASSWORD);

        assertThatThrownBy(() -> jobConfig(plain))
                .isInstanceOf(UsageException.class)
                .hasMessageStartingWith("--kafka-properties: sasl.jaas.config holds password in plain text")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD));
    }
}
