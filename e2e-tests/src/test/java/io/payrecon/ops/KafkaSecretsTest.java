package io.payrecon.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.cli.UsageException;
import io.payrecon.job.ReconciliationJob;
import io.payrecon.job.config.JobConfig;
import io.payrecon.job.io.KafkaPreflight;
import io.payrecon.local.LiveJob;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.common.MetadataVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24, item 5: Kafka credentials reach the job through Kafka's config providers, so that no
 * password is written into the job graph (which Flink keeps in its HA store and ships to every
 * TaskManager). The job is built as {@code flink run} builds it (its own parser, its own {@code
 * build}), with the password in a file that {@code client.properties} names through {@code
 * ${file:...}}; the serialized StreamGraph and JobGraph must hold the placeholder and not the
 * password, and Kafka's own client configuration classes must resolve the placeholder to the
 * password, as each client of the job does when it starts. Then the running job against a real
 * broker that requires SASL: the preflight, the source and the exactly-once sinks authenticate with
 * the password from the file (a wrong one in the file fails the preflight), and neither its
 * checkpoints nor its savepoint hold the password.
 */
class KafkaSecretsTest {
    /** Where the MiniCluster writes its checkpoints, searched for the password afterwards. */
    private static final Path CHECKPOINTS = tempDir("payrecon-secrets-checkpoints");

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(checkpointsOnDisk())
            .build());

    @org.junit.jupiter.api.AfterAll
    static void deleteCheckpoints() throws IOException {
        org.apache.flink.util.FileUtils.deleteDirectory(CHECKPOINTS.toFile());
    }

    private static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Configuration checkpointsOnDisk() {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, CHECKPOINTS.toUri().toString());
        return conf;
    }

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

    /** The test kit's SASL/PLAIN super user: the only one the broker's authorizer lets do everything. */
    private static final String KAFKA_USER = JaasUtils.KAFKA_PLAIN_ADMIN;

    private static final String KAFKA_PASSWORD = JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD;

    /** The test's own clients (admin, producer, reader) give the password directly: they are not the job. */
    private static Map<String, Object> testClient(String bootstrapServers) {
        Map<String, Object> props = new HashMap<>();
        props.put("bootstrap.servers", bootstrapServers);
        props.put("security.protocol", "SASL_PLAINTEXT");
        props.put("sasl.mechanism", "PLAIN");
        props.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + KAFKA_USER
                        + "\" password=\"" + KAFKA_PASSWORD + "\";");
        return props;
    }

    /** The job's client.properties: the password only through FileConfigProvider. */
    private static Path jobClientProperties(Path dir, Path credentials) throws Exception {
        return Files.writeString(
                dir.resolve("client.properties"),
                String.join(
                        "\n",
                        "config.providers=file",
                        "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider",
                        "config.providers.file.param.allowed.paths=" + dir,
                        "security.protocol=SASL_PLAINTEXT",
                        "sasl.mechanism=PLAIN",
                        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                                + KAFKA_USER + "\" password=\"${file:" + credentials + ":password}\";",
                        ""));
    }

    private static JobConfig liveConfig(LiveJob live, Path clientProperties) {
        return JobConfig.parse(
                "--bootstrap-servers",
                live.bootstrapServers(),
                "--kafka-properties",
                clientProperties.toString(),
                "--input-topic",
                live.input(),
                "--reconciled-topic",
                live.reconciled(),
                "--exceptions-topic",
                live.exceptions(),
                "--statements-topic",
                live.statements(),
                "--starting-offsets",
                "earliest",
                "--parallelism",
                "2",
                "--checkpoint-interval",
                "500ms",
                "--out-of-orderness",
                "1s",
                "--idleness",
                "1s",
                "--idle-flush",
                "2s",
                "--transactional-id-prefix",
                "secrets-" + live.suffix());
    }

    /**
     * Every file under these folders that holds {@code text}, with the number of files read: a
     * running job deletes subsumed checkpoints meanwhile, and a file gone before it is read is
     * skipped.
     */
    private static List<Path> filesHolding(String text, List<Path> read, Path... dirs) throws IOException {
        List<Path> holding = new ArrayList<>();
        for (Path dir : dirs) {
            List<Path> files = new ArrayList<>();
            Files.walkFileTree(dir, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult visitFile(
                        Path file, java.nio.file.attribute.BasicFileAttributes a) {
                    files.add(file);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFileFailed(Path file, IOException e) {
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
            for (Path file : files) {
                byte[] bytes;
                try {
                    bytes = Files.readAllBytes(file);
                } catch (java.nio.file.NoSuchFileException gone) {
                    continue;
                }
                read.add(file);
                if (new String(bytes, StandardCharsets.ISO_8859_1).contains(text)) {
                    holding.add(file);
                }
            }
        }
        return holding;
    }

    @Test
    void theRunningJobAuthenticatesThroughTheProviderAndItsCheckpointsHoldNoPassword(@TempDir Path dir)
            throws Exception {
        String previousJaas = System.getProperty("java.security.auth.login.config");
        KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBaseDirectory(dir.resolve("kafka"))
                        // The controller's listener too: the authorizer admits the broker's registration
                        // only from the super user.
                        .setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                        .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                        .setBootstrapMetadataVersion(MetadataVersion.latestProduction())
                        .build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setDeleteOnClose(true)
                .build();
        PrintStream stdout = System.out;
        try {
            System.setOut(new PrintStream(OutputStream.nullOutputStream())); // the kit's formatting chatter
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
        } finally {
            System.setOut(stdout);
        }
        try {
            LiveJob live = new LiveJob(
                    kafka.bootstrapServers(), UUID.randomUUID().toString().substring(0, 8));
            try (Admin admin = Admin.create(testClient(live.bootstrapServers()))) {
                List<NewTopic> topics = new ArrayList<>();
                for (String topic : List.of(live.input(), live.reconciled(), live.exceptions(), live.statements())) {
                    topics.add(new NewTopic(topic, 2, (short) 1));
                }
                admin.createTopics(topics).all().get();
            }
            Instant past = Instant.now().minus(Duration.ofMinutes(20)).truncatedTo(ChronoUnit.MINUTES);
            Map<String, Object> producerProps = testClient(live.bootstrapServers());
            producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(producerProps, new StringSerializer(), new StringSerializer())) {
                producer.send(
                        new ProducerRecord<>(live.input(), "o-1", LiveJob.event("d1", "o-1", "debit", "10.00", past)));
                producer.send(new ProducerRecord<>(
                        live.input(), "o-1", LiveJob.event("c1", "o-1", "credit", "10.00", past.plusSeconds(1))));
                producer.flush();
            }

            // A wrong password in the file: the job's preflight (an admin client of the job's settings)
            // is refused by the broker, so the placeholder is what authenticates, not something else.
            Path wrongDir = Files.createDirectories(dir.resolve("wrong"));
            Path wrong = Files.writeString(
                    wrongDir.resolve("credentials.properties"), "password=not-" + KAFKA_PASSWORD + "\n");
            assertThatThrownBy(() -> KafkaPreflight.check(liveConfig(live, jobClientProperties(wrongDir, wrong))))
                    .isInstanceOf(UsageException.class)
                    .hasMessageStartingWith("--bootstrap-servers")
                    .hasRootCauseInstanceOf(org.apache.kafka.common.errors.SaslAuthenticationException.class);

            Path credentials =
                    Files.writeString(dir.resolve("credentials.properties"), "password=" + KAFKA_PASSWORD + "\n");
            JobConfig config = liveConfig(live, jobClientProperties(dir, credentials));
            assertThat(String.join(" ", config.kafkaProperties.values())).doesNotContain(KAFKA_PASSWORD);
            KafkaPreflight.check(config);

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            new ReconciliationJob(config).build(env);
            JobClient job = env.executeAsync(ReconciliationJob.JOB_NAME);
            Path savepoints = Files.createDirectories(dir.resolve("savepoints"));
            String savepoint;
            Map<String, Object> readerProps = testClient(live.bootstrapServers());
            readerProps.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            readerProps.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            readerProps.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + live.suffix());
            try (KafkaConsumer<String, String> reader =
                    new KafkaConsumer<>(readerProps, new StringDeserializer(), new StringDeserializer())) {
                reader.subscribe(List.of(live.reconciled()));
                // Committed output: the source read with the password from the file, the sink wrote
                // and a checkpoint completed and committed its transaction.
                List<String> reconciled = new ArrayList<>();
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (reconciled.isEmpty() && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(200))) {
                        reconciled.add(r.value());
                    }
                }
                assertThat(reconciled).singleElement().asString().contains("\"debit_event_id\":\"d1\"");

                // The completed checkpoints of the running job (the retained ones go when it stops).
                Path jobCheckpoints = CHECKPOINTS.resolve(job.getJobID().toHexString());
                List<Path> read = new ArrayList<>();
                assertThat(filesHolding(KAFKA_PASSWORD, read, jobCheckpoints))
                        .as("checkpoint files holding the password")
                        .isEmpty();
                assertThat(read)
                        .as("a completed checkpoint was read")
                        .anySatisfy(f -> assertThat(f.getFileName().toString()).isEqualTo("_metadata"));
            } finally {
                savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                        .get();
            }

            // The savepoint: the control finds the input topic in it (the source's splits name it),
            // so its files are read as the bytes they are; the password is in none of them.
            List<Path> read = new ArrayList<>();
            assertThat(filesHolding(live.input(), read, savepoints))
                    .as("savepoint " + savepoint + " holds the input topic")
                    .isNotEmpty();
            assertThat(filesHolding(KAFKA_PASSWORD, read, savepoints))
                    .as("savepoint files holding the password")
                    .isEmpty();
        } finally {
            kafka.close();
            if (previousJaas == null) {
                System.clearProperty("java.security.auth.login.config");
            } else {
                System.setProperty("java.security.auth.login.config", previousJaas);
            }
            javax.security.auth.login.Configuration.setConfiguration(null);
        }
    }
}
