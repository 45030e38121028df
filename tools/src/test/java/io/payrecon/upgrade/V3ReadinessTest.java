package io.payrecon.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.local.EmbeddedKafka;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pre-upgrade check against a real Kafka broker in this JVM. */
class V3ReadinessTest {
    private static final String CARD = "4111111111111111";
    private static final String DEBIT =
            "{\"event_id\":\"e%d\",\"order_id\":\"o1\",\"type\":\"debit\",\"amount\":\"10.00\",\"currency\":\"EUR\","
                    + "\"event_time\":1795255200000";
    private static final String CREDIT = DEBIT.replace("\"debit\"", "\"credit\"");

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = V3Readiness.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Round robin over the topic's partitions. */
    private static void produce(String topic, int partitions, List<String> values) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer())) {
            int i = 0;
            for (String v : values) {
                producer.send(new ProducerRecord<>(topic, i++ % partitions, null, v.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    @Test
    void recordsThatV3ReadsDifferentlyAreCountedByReasonWithPositionsOnly() throws Exception {
        kafka.createTopics(3, "differs");
        produce(
                "differs",
                3,
                List.of(
                        DEBIT.formatted(1) + "}",
                        DEBIT.formatted(2) + ",\"fee\":\"0.30\"}",
                        CREDIT.formatted(3) + ",\"kind\":\"" + CARD + "\"}",
                        CREDIT.formatted(4) + ",\"movement_id\":" + CARD + "}",
                        CREDIT.formatted(5) + ",\"movement_id\":\"m-" + CARD + "\"}",
                        CREDIT.formatted(6) + ",\"kind\":\"refund\",\"fee\":\"0\"}",
                        DEBIT.formatted(7) + ",\"movement_id\":\"m-" + CARD + "\"}",
                        "not json " + CARD));

        Run run = run("--bootstrap-servers", kafka.bootstrapServers(), "--topic", "differs");

        assertThat(run.status()).as(run.err()).isEqualTo(1);
        assertThat(run.out())
                .contains("read 8 records of topic 'differs' (3 partitions")
                .contains("records v3 reads differently: 6 of 8")
                .doesNotContain(CARD)
                .doesNotContain("411111");
        assertThat(line(run.out(), "fee on a debit"))
                .contains("becomes malformed:")
                .contains(" 1 ");
        assertThat(line(run.out(), "kind is not payment")).contains(" 1 ");
        assertThat(line(run.out(), "movement_id is not a JSON string")).contains(" 1 ");
        assertThat(line(run.out(), "movement_id set"))
                .contains("pairs differently:")
                .contains(" 2 ");
        assertThat(line(run.out(), "kind refund or chargeback")).contains(" 1 ");
        assertThat(line(run.out(), "fee set on a credit")).containsPattern("e\\.g\\. partition/offset [0-2]/[0-9]+$");
    }

    @Test
    void aSampleOfV2RecordsIsReadyAndMaxRecordsBoundsTheSample() throws Exception {
        kafka.createTopics(1, "sample");
        List<String> values =
                List.of(DEBIT.formatted(1) + "}", CREDIT.formatted(2) + "}", DEBIT.formatted(3) + ",\"fee\":1}");
        produce("sample", 1, values);

        // The first two records are plain v2: a sample of two finds nothing.
        Run two = run("--bootstrap-servers", kafka.bootstrapServers(), "--topic", "sample", "--max-records", "2");
        assertThat(two.status()).as(two.out() + two.err()).isZero();
        assertThat(two.out()).contains("read 2 records").contains("v3 reads every record as v2 did");

        Run all = run("--bootstrap-servers", kafka.bootstrapServers(), "--topic", "sample");
        assertThat(all.status()).isEqualTo(1);
        assertThat(all.out()).contains("records v3 reads differently: 1 of 3");
    }

    @Test
    void anUnknownTopicCannotBeRead() {
        Run run = run("--bootstrap-servers", kafka.bootstrapServers(), "--topic", "missing", "--deadline", "3s");
        assertThat(run.status()).isEqualTo(3);
        assertThat(run.err()).startsWith("error: cannot read topic 'missing'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        --topic x                                      | --bootstrap-servers
        --bootstrap-servers h:1 --max-records 0        | --max-records: must be 1 or more
        --bootstrap-servers h:1 --deadline 0s          | --deadline: must be positive
        --bootstrap-servers h:1 --kafka-property x     | --kafka-property: expected KEY=VALUE
        --bootstrap-servers h:1 --what                 | --what
        """)
    void usageErrorsAreOneLineNamingTheFlag(String line, String flag) {
        Run run = run(line.trim().split(" +"));
        assertThat(run.status()).isEqualTo(2);
        assertThat(run.err().lines())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("error: ")
                .contains(flag);
        assertThat(run.out()).isEmpty();
    }

    @Test
    void helpListsTheFlags() {
        Run run = run("--help");
        assertThat(run.status()).isZero();
        assertThat(run.out())
                .contains(
                        "--bootstrap-servers",
                        "--topic",
                        "--max-records",
                        "--deadline",
                        "--kafka-property",
                        "--kafka-properties",
                        "Exit status: 0 nothing differs");
    }

    private static String line(String out, String reason) {
        return out.lines()
                .filter(l -> l.contains(reason))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line for '" + reason + "' in:\n" + out));
    }
}
