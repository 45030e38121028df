package io.payrecon.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.payrecon.local.EmbeddedKafka;
import io.payrecon.local.LiveJob;
import io.payrecon.local.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The unbounded job on live Kafka traffic: rule 9 (event time follows the wall clock when traffic
 * stops, so a lone side is flagged on a quiet night), rule 10 (a late counterpart is applied on
 * arrival and resolves the alert), and the metrics on-call reads in the web UI.
 */
class LiveKafkaTest {
    private static final InMemoryReporter METRICS = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(METRICS.addToConfiguration(new Configuration()))
            .build());

    @Test
    void quietTrafficStillFlagsUnmatchedSidesAndLateCounterpartsResolveThem() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                        new StringSerializer(),
                        new StringSerializer())) {
            LiveJob live = new LiveJob(
                    kafka.bootstrapServers(), UUID.randomUUID().toString().substring(0, 8));
            live.createTopics(kafka, 4);
            // Twenty minutes ago: without rule 9, event time would wait there for more traffic. At
            // 10 s into a minute, so that the order's events and its late credit share a statement
            // period (the live job's is 1m).
            Instant past = Instant.now()
                    .minus(Duration.ofMinutes(20))
                    .truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                    .plusSeconds(10);
            producer.send(new ProducerRecord<>(live.input(), LiveJob.event("d1", "o-1", "debit", "10.00", past)));
            producer.send(new ProducerRecord<>(
                    live.input(), LiveJob.event("c1", "o-1", "credit", "10.00", past.plusSeconds(1))));
            producer.send(new ProducerRecord<>(live.input(), LiveJob.event("d2", "o-2", "debit", "99.00", past)));
            producer.flush();

            JobClient job = live.start("live");
            try (TopicReader ok = new TopicReader(kafka.bootstrapServers(), live.reconciled());
                    TopicReader bad = new TopicReader(kafka.bootstrapServers(), live.exceptions());
                    TopicReader statements = new TopicReader(kafka.bootstrapServers(), live.statements())) {
                List<String> exceptions = texts(bad.pollUntil(r -> r.size() >= 1, Duration.ofMinutes(2)));
                assertThat(exceptions).hasSize(1);
                assertThat(exceptions.get(0))
                        .contains("\"exception_id\":\"o-2:UNMATCHED_DEBIT\"", "\"state\":\"OPEN\"");
                assertThat(texts(ok.pollUntil(r -> r.size() >= 1, Duration.ofMinutes(1))))
                        .singleElement()
                        .asString()
                        .contains("\"debit_event_id\":\"d1\"", "\"late\":false");

                // Both periods are stated once event time passed them: the pair's minute and the
                // alert's, ten minutes later.
                String pairPeriod =
                        past.truncatedTo(java.time.temporal.ChronoUnit.MINUTES).toString();
                String alertPeriod = past.plus(Duration.ofMinutes(10))
                        .truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
                        .toString();
                statements.pollUntil(
                        r -> ReferenceStatements.periods(texts(r)).containsAll(List.of(pairPeriod, alertPeriod)),
                        Duration.ofMinutes(1));

                // Rule 10: the credit is behind event time now; it is applied on arrival.
                producer.send(new ProducerRecord<>(
                        live.input(), LiveJob.event("c2", "o-2", "credit", "99.00", past.plusSeconds(30))));
                producer.flush();
                exceptions = texts(bad.pollUntil(r -> r.size() >= 2, Duration.ofMinutes(1)));
                assertThat(exceptions).hasSize(2);
                assertThat(exceptions.get(1))
                        .contains(
                                "\"exception_id\":\"o-2:UNMATCHED_DEBIT\"",
                                "\"state\":\"RESOLVED\"",
                                "\"event_ids\":[\"d2\",\"c2\"]");
                assertThat(texts(ok.pollUntil(r -> r.size() >= 2, Duration.ofMinutes(1))))
                        .filteredOn(r -> r.contains("\"credit_event_id\":\"c2\""))
                        .singleElement()
                        .asString()
                        .contains("\"late\":true");

                OutputSchemas.assertConform(OutputSchemas.EXCEPTIONS, exceptions);
                OutputSchemas.assertConform(OutputSchemas.RECONCILED, texts(ok.poll(Duration.ZERO)));

                // Its two late records (the late match and RESOLVED) state the pair's period again,
                // complete. Contract v3 gathers late records until the next watermark: one revision
                // when both reach the statement window before it, two when a watermark already on its
                // way passes between them (each revision then holds everything so far).
                List<String> stated = texts(statements.pollUntil(
                        r -> {
                            JsonNode latestPair =
                                    ReferenceStatements.latest(texts(r)).get(pairPeriod);
                            return latestPair != null
                                    && latestPair
                                                    .get("currencies")
                                                    .get("EUR")
                                                    .get("unmatched_resolved_count")
                                                    .asInt()
                                            == 1;
                        },
                        Duration.ofMinutes(1)));
                OutputSchemas.assertConform(OutputSchemas.STATEMENTS, stated);
                Map<String, JsonNode> latest = ReferenceStatements.latest(stated);
                assertThat(latest).containsOnlyKeys(pairPeriod, alertPeriod);
                long pairStatements = stated.stream()
                        .filter(t -> t.contains("\"period_start\":\"" + pairPeriod + "\""))
                        .count();
                assertThat(pairStatements)
                        .as("revision 0, then one or two revisions")
                        .isBetween(2L, 3L);
                JsonNode pair = latest.get(pairPeriod).get("currencies").get("EUR");
                assertThat(pair.get("reconciled_count").asInt()).isEqualTo(2);
                assertThat(pair.get("reconciled_amount").asText()).isEqualTo("109.00");
                assertThat(pair.get("unmatched_resolved_count").asInt()).isEqualTo(1);
                assertThat(pair.get("unmatched_resolved_amount").asText()).isEqualTo("99.00");
                JsonNode alert = latest.get(alertPeriod).get("currencies").get("EUR");
                assertThat(alert.get("unmatched_open_count").asInt()).isEqualTo(1);
                assertThat(alert.get("unmatched_open_amount").asText()).isEqualTo("99.00");
                assertMetrics(job.getJobID());
                assertThat(METRICS.findMetrics(job.getJobID(), "statement_revisions").values().stream()
                                .mapToLong(m -> ((Counter) m).getCount())
                                .sum())
                        .as("statement_revisions")
                        .isEqualTo(pairStatements - 1);
            } finally {
                job.cancel().get();
            }
        }
    }

    private static void assertMetrics(JobID job) {
        assertThat(sumCounters(job, "events_in")).isEqualTo(4);
        assertThat(sumCounters(job, "reconciled")).isEqualTo(2);
        assertThat(sumCounters(job, "late_events")).isEqualTo(1);
        assertThat(sumCounters(job, "duplicates_dropped")).isZero();
        assertThat(sumCounters(job, "exceptions.type.UNMATCHED_DEBIT.state.OPEN.count"))
                .isEqualTo(1);
        assertThat(sumCounters(job, "exceptions.type.UNMATCHED_DEBIT.state.RESOLVED.count"))
                .isEqualTo(1);
        assertThat(sumGauges(job, "open_pairs")).isZero();
        assertThat(sumGauges(job, "unmatched_open"))
                .as("the late credit resolved the flagged debit")
                .isZero();
        assertThat(METRICS.findMetrics(job, "match_latency_ms")).isNotEmpty();
    }

    private static long sumCounters(JobID job, String name) {
        return metrics(job, name).stream()
                .mapToLong(m -> ((Counter) m).getCount())
                .sum();
    }

    @SuppressWarnings("unchecked")
    private static long sumGauges(JobID job, String name) {
        return metrics(job, name).stream()
                .mapToLong(m -> ((Gauge<Long>) m).getValue())
                .max()
                .orElseThrow();
    }

    private static List<Metric> metrics(JobID job, String name) {
        return METRICS.findMetrics(job, name).entrySet().stream()
                .filter(e -> e.getKey().matches(".*\\.Reconcile orders\\.\\d+\\." + name.replace(".", "\\.")))
                .map(Map.Entry::getValue)
                .collect(Collectors.toList());
    }

    private static List<String> texts(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .collect(Collectors.toList());
    }
}
