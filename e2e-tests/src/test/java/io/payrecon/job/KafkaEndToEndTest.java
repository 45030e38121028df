package io.payrecon.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.payrecon.generator.GeneratedRecord;
import io.payrecon.generator.GeneratedTraffic;
import io.payrecon.generator.Scenario;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficSpec;
import io.payrecon.job.config.JobConfig;
import io.payrecon.local.EmbeddedKafka;
import io.payrecon.local.TopicReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The whole job on a Flink MiniCluster (parallelism 2, RocksDB, exactly-once) against a real
 * in-JVM Kafka broker: 10,000 generated orders mixing every rule, the events of one order spread
 * over different partitions on purpose, both output topics read back with read_committed and
 * compared field by field with the independent {@link ContractModel} (through {@link
 * ReferenceOutput}), the statements with {@link ReferenceStatements}; then the same events as a file
 * replay, which must give the same records. A second test does the same with hand-made contract v3
 * orders ({@link MultiMovementOrders}) until the generator writes multi-movement traffic.
 */
class KafkaEndToEndTest {
    private static final int PARTITIONS = 12;
    /** Short, so that the traffic spans several statement periods. */
    private static final String STATEMENT_PERIOD = "1m";

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(shortRocksDbPath())
            .build());

    private static EmbeddedKafka kafka;
    private static GeneratedTraffic traffic;

    private static Configuration shortRocksDbPath() {
        Configuration conf = new Configuration();
        // Long @TempDir paths make RocksDB warn about path length.
        conf.setString("state.backend.rocksdb.localdir", "/tmp/payrecon-rocksdb");
        return conf;
    }

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
        traffic = TrafficGenerator.generate(
                TrafficSpec.builder().orders(10_000).seed(7).allAnomalies(0.02).build());
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    /** Writes the records, deliberately spreading one order's events over several partitions. */
    private static void produce(String topic, List<GeneratedRecord> records) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.LINGER_MS_CONFIG, "5"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            int i = 0;
            for (GeneratedRecord r : records) {
                // Round robin: consecutive events of an order land on different partitions, and a
                // third of the records carry no key at all. The job must not care.
                byte[] key = i % 3 == 0 ? null : r.keyBytes();
                producer.send(new ProducerRecord<>(topic, i % PARTITIONS, key, r.value()));
                i++;
            }
            producer.flush();
        }
    }

    /**
     * Issue 22: the order table changes no output: the same traffic without it (the default), with
     * the suggested one, and with a table so small that orders leave it all the time, equals the
     * contract.
     */
    @ParameterizedTest(name = "order table: {0}")
    @ValueSource(strings = {"default", "20000 orders, idle 1m", "3 orders, idle 2s"})
    void kafkaOutputEqualsTheContractAndTheFileReplayAgrees(String table, @TempDir Path dir) throws Exception {
        Topics topics = Topics.create("it-");
        produce(topics.input(), traffic.records());
        assertThat(traffic.scenarioCounts().keySet())
                .as("every scenario is present")
                .containsAll(List.of(Scenario.values()));

        JobConfig config = kafkaJob(
                topics, concat(orderTable(table), "--statement-period", STATEMENT_PERIOD, "--parallelism", "2"));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new ReconciliationJob(config).build(env);
        env.execute("kafka-end-to-end");

        // The oracle sees the input as Kafka holds it (malformed ids name topic, partition, offset).
        List<ConsumerRecord<byte[], byte[]>> arrivals;
        try (TopicReader in = new TopicReader(kafka.bootstrapServers(), topics.input())) {
            arrivals = in.readToEnd(Duration.ofMinutes(1));
        }
        assertThat(arrivals).hasSize(traffic.records().size());
        ReferenceOutput expected = ReferenceOutput.of(ReferenceOutput.fromKafka(arrivals), config);

        List<String> reconciled = readAll(topics.reconciled(), expected.reconciled.size());
        List<String> exceptions = readAll(topics.exceptions(), expected.exceptions.size());
        assertThat(reconciled).hasSizeGreaterThan(8_000);
        expected.assertSameRecords(reconciled, exceptions);
        assertEveryExceptionTypeOccurs(exceptions);
        OutputSchemas.assertConform(OutputSchemas.RECONCILED, reconciled);
        OutputSchemas.assertConform(OutputSchemas.EXCEPTIONS, exceptions);

        // Statements, read_committed, equal the ones computed independently from the expected records.
        Map<String, JsonNode> expectedStatements = ReferenceStatements.of(expected, config.statementPeriod.millis());
        assertThat(expectedStatements).as("the traffic spans several periods").hasSizeGreaterThan(2);
        List<String> statements = readAll(topics.statements(), expectedStatements.size());
        OutputSchemas.assertConform(OutputSchemas.STATEMENTS, statements);
        assertThat(ReferenceStatements.latest(statements)).isEqualTo(expectedStatements);
        // Input within the out-of-orderness bound has no late records: a revision would mean that a
        // record reached the window after the watermark that closed its period.
        assertThat(statements)
                .as("every period stated once, complete at revision 0")
                .hasSize(expectedStatements.size())
                .allMatch(s -> s.contains("\"revision\":0,"));

        if (!table.equals("default")) {
            return; // a file replay runs in BATCH mode, which keeps no order table: once is enough
        }
        // The same events from a file give the same records, but for the position of malformed input.
        Path events = dir.resolve("events.jsonl");
        try (OutputStream out = Files.newOutputStream(events)) {
            for (GeneratedRecord r : traffic.records()) {
                out.write(r.value());
                out.write('\n');
            }
        }
        Path output = dir.resolve("out");
        StreamExecutionEnvironment batch = StreamExecutionEnvironment.getExecutionEnvironment();
        new ReconciliationJob(JobConfig.parse(
                        "--input-file",
                        events.toString(),
                        "--output-dir",
                        output.toString(),
                        "--parallelism",
                        "2",
                        "--statement-period",
                        STATEMENT_PERIOD))
                .build(batch);
        batch.execute("file-replay");
        assertThat(readLines(output.resolve("reconciled"))).isEqualTo(reconciled);
        List<String> replayExceptions = readLines(output.resolve("exceptions"));
        ReferenceOutput.of(fileLines(traffic.records(), "events.jsonl"), config)
                .assertSameRecords(readLines(output.resolve("reconciled")), replayExceptions);
        OutputSchemas.assertConform(OutputSchemas.EXCEPTIONS, replayExceptions);
        assertThat(withoutPositions(replayExceptions)).isEqualTo(withoutPositions(exceptions));
        assertThat(replayExceptions)
                .filteredOn(e -> e.contains("MALFORMED_EVENT"))
                .allMatch(e -> e.contains("\"exception_id\":\"malformed:events.jsonl:"))
                .allMatch(e -> e.contains("\"file\":\"events.jsonl\",\"line\":"));
        List<String> replayStatements = readLines(output.resolve("statements"));
        OutputSchemas.assertConform(OutputSchemas.STATEMENTS, replayStatements);
        assertThat(replayStatements)
                .as("the file replay states every period once, as the Kafka path did")
                .isEqualTo(statements);
    }

    /**
     * Contract v3 through Kafka and a file replay: hand-made orders with many movements (partial
     * captures, refunds with fees, chargebacks, a split tender in two currencies, a double refund
     * over the payment, refunds 30 and 200 days after the payment, a kind mismatch, late and
     * duplicate sides of a movement, replays and conflicts of v3 fields, an order past
     * --max-events-per-order, malformed v3 fields), spread over the partitions in event-time order,
     * compared field by field with the contract model.
     */
    @Test
    void multiMovementOrdersEqualTheContractModel(@TempDir Path dir) throws Exception {
        Topics topics = Topics.create("v3-");
        List<String> values = MultiMovementOrders.values();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ProducerConfig.ACKS_CONFIG,
                        "all"),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            for (int i = 0; i < values.size(); i++) {
                producer.send(new ProducerRecord<>(
                        topics.input(), i % PARTITIONS, null, values.get(i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
        String[] common = {
            "--statement-period", "1h", "--parallelism", "2", "--max-events-per-order", MultiMovementOrders.MAX_EVENTS
        };
        JobConfig config = kafkaJob(topics, common);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new ReconciliationJob(config).build(env);
        env.execute("kafka-multi-movement");

        List<ConsumerRecord<byte[], byte[]>> arrivals;
        try (TopicReader in = new TopicReader(kafka.bootstrapServers(), topics.input())) {
            arrivals = in.readToEnd(Duration.ofMinutes(1));
        }
        ReferenceOutput expected = ReferenceOutput.of(ReferenceOutput.fromKafka(arrivals), config);
        MultiMovementOrders.assertCoversV3(expected);
        List<String> reconciled = readAll(topics.reconciled(), expected.reconciled.size());
        List<String> exceptions = readAll(topics.exceptions(), expected.exceptions.size());
        expected.assertSameRecords(reconciled, exceptions);
        OutputSchemas.assertConform(OutputSchemas.RECONCILED, reconciled);
        OutputSchemas.assertConform(OutputSchemas.EXCEPTIONS, exceptions);
        Map<String, JsonNode> expectedStatements = ReferenceStatements.of(expected, config.statementPeriod.millis());
        List<String> statements = readAll(topics.statements(), expectedStatements.size());
        OutputSchemas.assertConform(OutputSchemas.STATEMENTS, statements);
        assertThat(ReferenceStatements.latest(statements)).isEqualTo(expectedStatements);

        Path events = dir.resolve("v3.jsonl");
        Files.write(events, values, StandardCharsets.UTF_8);
        Path output = dir.resolve("out");
        StreamExecutionEnvironment batch = StreamExecutionEnvironment.getExecutionEnvironment();
        JobConfig replay =
                JobConfig.parse(concat(common, "--input-file", events.toString(), "--output-dir", output.toString()));
        new ReconciliationJob(replay).build(batch);
        batch.execute("file-replay-multi-movement");
        ReferenceOutput.of(ContractModel.Input.fileLines(values, "v3.jsonl"), replay)
                .assertSameRecords(readLines(output.resolve("reconciled")), readLines(output.resolve("exceptions")));
    }

    /** One test's topics, under a fresh suffix so that no test reads another's output. */
    private record Topics(String input, String reconciled, String exceptions, String statements, String suffix) {
        static Topics create(String prefix) throws Exception {
            String suffix = prefix + UUID.randomUUID().toString().substring(0, 8);
            Topics topics = new Topics(
                    "in-" + suffix, "reconciled-" + suffix, "exceptions-" + suffix, "statements-" + suffix, suffix);
            kafka.createTopics(PARTITIONS, topics.input(), topics.reconciled(), topics.exceptions());
            kafka.createTopics(1, topics.statements());
            return topics;
        }
    }

    /** A bounded exactly-once run over {@code topics}, from the earliest offsets, plus {@code flags}. */
    private static String[] orderTable(String table) {
        return switch (table) {
            case "default" -> new String[0];
            case "20000 orders, idle 1m" -> new String[] {"--order-table-size", "20000", "--order-table-idle", "1m"};
            case "3 orders, idle 2s" -> new String[] {"--order-table-size", "3", "--order-table-idle", "2s"};
            default -> throw new IllegalArgumentException(table);
        };
    }

    private static JobConfig kafkaJob(Topics topics, String... flags) {
        return JobConfig.parse(concat(
                flags,
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--input-topic",
                topics.input(),
                "--reconciled-topic",
                topics.reconciled(),
                "--exceptions-topic",
                topics.exceptions(),
                "--statements-topic",
                topics.statements(),
                "--bounded",
                "--starting-offsets",
                "earliest",
                "--checkpoint-interval",
                "1s",
                "--out-of-orderness",
                "5s",
                "--transactional-id-prefix",
                topics.suffix()));
    }

    private static String[] concat(String[] first, String... rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all.toArray(new String[0]);
    }

    /** The records as the lines of a file replay (bytes as they are: invalid UTF-8 stays invalid). */
    private static List<ContractModel.Input> fileLines(List<GeneratedRecord> records, String file) {
        List<ContractModel.Input> lines = new ArrayList<>();
        for (GeneratedRecord r : records) {
            lines.add(ContractModel.Input.fileLine(r.value(), file, lines.size() + 1));
        }
        return lines;
    }

    private static void assertEveryExceptionTypeOccurs(List<String> exceptions) {
        for (String type : List.of(
                "UNMATCHED_DEBIT",
                "UNMATCHED_CREDIT",
                "AMOUNT_MISMATCH",
                "CURRENCY_MISMATCH",
                "DUPLICATE_DEBIT",
                "INVALID_TRANSITION",
                "EVENT_ID_CONFLICT",
                "MALFORMED_EVENT")) {
            assertThat(exceptions).as(type).anyMatch(e -> e.contains("\"type\":\"" + type + "\""));
        }
        assertThat(exceptions)
                .as("late matches resolve their alert")
                .anyMatch(e -> e.contains("\"state\":\"RESOLVED\""));
    }

    private static List<String> readAll(String topic, int expected) {
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topic)) {
            // Everything is committed when the bounded job finishes; read to the end, then check no
            // stragglers appear on a short extra poll.
            List<ConsumerRecord<byte[], byte[]>> records =
                    reader.pollUntil(r -> r.size() >= expected, Duration.ofMinutes(1));
            records = reader.readToEnd(Duration.ofMinutes(1));
            return records.stream()
                    .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }

    private static List<String> readLines(Path folder) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                assertThat(f.getFileName().toString())
                        .as("only finished files")
                        .startsWith("part")
                        .endsWith(".jsonl");
                lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
            }
        }
        Collections.sort(lines);
        return lines;
    }

    /** Drops the position fields of malformed input, which the contract lets differ. */
    private static List<String> withoutPositions(List<String> exceptions) {
        return exceptions.stream()
                .map(e -> e.replaceAll("\"exception_id\":\"malformed:[^\"]*\"", "\"exception_id\":\"malformed\"")
                        .replaceAll(",\"(topic|file)\":.*}}$", "}}"))
                .sorted()
                .collect(Collectors.toList());
    }
}
