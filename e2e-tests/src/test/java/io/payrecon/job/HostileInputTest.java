package io.payrecon.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.payrecon.generator.GeneratedRecord;
import io.payrecon.generator.MalformedInputCatalogue;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficSpec;
import io.payrecon.job.config.JobConfig;
import io.payrecon.local.EmbeddedKafka;
import io.payrecon.local.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hostile corpus (one value of every shape in {@link MalformedInputCatalogue}: not JSON, deep
 * nesting, a 100 KB order id, a 10 MiB value, invalid UTF-8, every bad amount, currency, type and
 * time) at about 1% of the traffic, through real Kafka and the job with
 * restarts switched off (any failure fails the test): every hostile record comes out once as a
 * MALFORMED_EVENT with its position, every good record is reconciled as usual.
 */
public class HostileInputTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @Test
    void hostileRecordsBecomeExceptionsAndNothingElseChanges() throws Exception {
        List<GeneratedRecord> traffic = TrafficGenerator.generate(TrafficSpec.builder()
                        .orders(1_000)
                        .seed(11)
                        .allAnomalies(0)
                        .build())
                .records();
        List<byte[]> corpus = MalformedInputCatalogue.hostileCorpus();
        // About 1% of the traffic, spread through it.
        List<byte[]> values = new ArrayList<>();
        int every = traffic.size() / corpus.size();
        for (int i = 0; i < traffic.size(); i++) {
            values.add(traffic.get(i).value());
            if (i % every == every - 1 && i / every < corpus.size()) {
                values.add(corpus.get(i / every));
            }
        }
        assertThat(values).hasSize(traffic.size() + corpus.size());
        // Valid but odd: an order far in the past arrives last, behind event time (rule 10).
        values.add(
                ("{\"event_id\":\"old-1\",\"order_id\":\"old\",\"type\":\"debit\",\"amount\":\"5.00\",\"currency\":\"EUR\","
                                + "\"event_time\":\"2001-01-01T00:00:00Z\"}")
                        .getBytes(StandardCharsets.UTF_8));

        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(4, "in", "ok", "bad", "st");
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            kafka.bootstrapServers(),
                            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                            EmbeddedKafka.MAX_MESSAGE_BYTES),
                    new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                int i = 0;
                for (byte[] v : values) {
                    // null, empty and unrelated keys: the job must not care
                    byte[] key =
                            i % 3 == 0 ? null : i % 3 == 1 ? new byte[0] : ("k" + i).getBytes(StandardCharsets.UTF_8);
                    if (i == values.size() - 1) {
                        producer.flush(); // the old event must arrive after everything else
                    }
                    producer.send(new ProducerRecord<>("in", i % 4, key, v));
                    i++;
                }
                producer.flush();
            }
            JobConfig config = JobConfig.parse(
                    "--bootstrap-servers",
                    kafka.bootstrapServers(),
                    "--input-topic",
                    "in",
                    "--reconciled-topic",
                    "ok",
                    "--exceptions-topic",
                    "bad",
                    "--statements-topic",
                    "st",
                    "--bounded",
                    "--starting-offsets",
                    "earliest",
                    "--parallelism",
                    "2",
                    "--checkpoint-interval",
                    "1s",
                    "--transactional-id-prefix",
                    "hostile");
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            Configuration noRestarts = new Configuration();
            noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            env.configure(noRestarts);
            new ReconciliationJob(config).build(env);
            JobExecutionResult result = env.execute("hostile");
            assertThat(result.getJobExecutionResult()).isNotNull();

            List<ConsumerRecord<byte[], byte[]>> arrivals;
            try (TopicReader in = new TopicReader(kafka.bootstrapServers(), "in")) {
                arrivals = in.readToEnd(Duration.ofMinutes(1));
            }
            ReferenceOutput expected = ReferenceOutput.of(ReferenceOutput.fromKafka(arrivals), config);
            List<String> reconciled = read(kafka, "ok");
            List<String> exceptions = read(kafka, "bad");
            assertThat(reconciled)
                    .hasSize(traffic.stream()
                            .filter(r -> r.eventId() != null)
                            .map(GeneratedRecord::orderId)
                            .collect(Collectors.toSet())
                            .size())
                    .hasSize(expected.reconciled.size());
            expected.assertSameRecords(reconciled, exceptions);
            List<String> malformed = exceptions.stream()
                    .filter(e -> e.contains("\"type\":\"MALFORMED_EVENT\""))
                    .collect(Collectors.toList());
            assertThat(malformed)
                    .as("each hostile record once, with its position")
                    .hasSize(corpus.size())
                    .allMatch(e -> e.matches(".*\"exception_id\":\"malformed:in:[0-3]:[0-9]+\".*"));
            assertThat(malformed)
                    .filteredOn(e -> e.contains("\"truncated\":true"))
                    .as("the 10 MB and 100 KB values")
                    .hasSize(2)
                    .allMatch(e -> e.length() < 70_000 * 2);
            assertThat(exceptions).anyMatch(e -> e.contains("\"exception_id\":\"old:UNMATCHED_DEBIT\""));
            OutputSchemas.assertConform(OutputSchemas.EXCEPTIONS, exceptions);

            // The old order's alert belongs to a period long past its end + retention when it comes:
            // stated nowhere (counted in statement_records_too_old); every other period as computed.
            List<String> statements = read(kafka, "st");
            OutputSchemas.assertConform(OutputSchemas.STATEMENTS, statements);
            Map<String, JsonNode> reference = new TreeMap<>(ReferenceStatements.of(expected, 3_600_000L));
            assertThat(reference.remove("2001-01-01T00:00:00Z"))
                    .as("the old alert's period")
                    .isNotNull();
            assertThat(new TreeMap<>(ReferenceStatements.latest(statements))).isEqualTo(reference);
        }
    }

    private static List<String> read(EmbeddedKafka kafka, String topic) {
        try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), topic)) {
            return reader.readToEnd(Duration.ofMinutes(1)).stream()
                    .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                    .sorted()
                    .collect(Collectors.toList());
        }
    }
}
