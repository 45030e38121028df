package io.payrecon.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.local.EmbeddedKafka;
import io.payrecon.local.LiveJob;
import io.payrecon.local.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
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
 * Every metric that the alerting rules (ops/prometheus/rules/) and the Grafana dashboard
 * (ops/grafana/dashboards/) read exists, with the labels they select on, in what Flink's real
 * Prometheus reporter serves for the running job: a MiniCluster with config.yaml's reporter
 * settings, an in-JVM Kafka broker and traffic that exercises every metric (a match, a lone side
 * flagged by the idle flush and resolved by a late counterpart, a duplicate, a mismatch, malformed
 * input), scraped from {@code /metrics} once a checkpoint completed.
 */
class MetricNamesTest {
    private static final int PORT = ReporterScrape.freePort();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(ReporterScrape.withReporter(new Configuration(), PORT))
            .build());

    @Test
    void rulesAndDashboardReadOnlyWhatTheReporterExposes() throws Exception {
        String scrape;
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                        new StringSerializer(),
                        new StringSerializer())) {
            LiveJob live = new LiveJob(
                    kafka.bootstrapServers(), UUID.randomUUID().toString().substring(0, 8));
            String in = live.input();
            live.createTopics(kafka, 2);
            Instant past = Instant.now().minus(Duration.ofMinutes(20));
            for (String record : new String[] {
                LiveJob.event("d1", "o-1", "debit", "10.00", past),
                LiveJob.event("c1", "o-1", "credit", "10.00", past.plusSeconds(1)),
                LiveJob.event("c1", "o-1", "credit", "10.00", past.plusSeconds(1)), // duplicate delivery
                LiveJob.event("d2", "o-2", "debit", "99.00", past), // lone: UNMATCHED_DEBIT, resolved below
                LiveJob.event("d3", "o-3", "debit", "5.00", past),
                LiveJob.event("c3", "o-3", "credit", "7.00", past.plusSeconds(2)), // AMOUNT_MISMATCH
                "not json" // MALFORMED_EVENT
            }) {
                producer.send(new ProducerRecord<>(in, record));
            }
            producer.flush();

            JobClient job = live.start("metrics");
            try (TopicReader bad = new TopicReader(kafka.bootstrapServers(), live.exceptions())) {
                // The events of an order may sit on both partitions, so the idle flush can flag more
                // sides than d2 before their counterparts arrive: wait for what must be there.
                Predicate<String> before = all -> all.contains("\"type\":\"MALFORMED_EVENT\"")
                        && all.contains("\"type\":\"AMOUNT_MISMATCH\"")
                        && all.contains("\"exception_id\":\"o-2:UNMATCHED_DEBIT\"");
                assertThat(text(bad.pollUntil(r -> before.test(text(r)), Duration.ofMinutes(2))))
                        .matches(before);
                producer.send(
                        new ProducerRecord<>(in, LiveJob.event("c2", "o-2", "credit", "99.00", past.plusSeconds(30))));
                producer.flush();
                Predicate<String> resolved = all -> all.lines()
                        .anyMatch(record -> record.contains("\"exception_id\":\"o-2:UNMATCHED_DEBIT\"")
                                && record.contains("\"state\":\"RESOLVED\""));
                assertThat(text(bad.pollUntil(r -> resolved.test(text(r)), Duration.ofMinutes(1))))
                        .matches(resolved);
                // The records are visible once a checkpoint committed them; the reporter shows it then too.
                scrape = scrapeUntil(
                        s -> s.contains("flink_jobmanager_job_lastCheckpointCompletedTimestamp{")
                                && s.contains("flink_taskmanager_job_task_operator_pendingRecords{"),
                        Duration.ofMinutes(1));
            } finally {
                job.cancel().get();
            }
        }
        Map<String, Map<String, Set<String>>> series = ReporterScrape.series(scrape);
        List<String> expressions = new ArrayList<>(MetricNames.ruleExpressions(PrometheusRulesTest.RULES));
        expressions.addAll(MetricNames.dashboardExpressions(PrometheusRulesTest.DASHBOARD));
        List<String> problems = new ArrayList<>();
        Set<String> checked = new TreeSet<>();
        for (String expr : expressions) {
            for (MetricNames.Selector selector : MetricNames.selectors(expr)) {
                checked.add(
                        selector.metric().replaceFirst("^flink_(jobmanager_job|taskmanager_job_task_operator)_", ""));
                Map<String, Set<String>> labels = series.get(selector.metric());
                if (labels == null) {
                    problems.add(selector.metric() + " is not served");
                    continue;
                }
                for (MetricNames.Matcher1 m : selector.matchers()) {
                    Set<String> values = labels.get(m.label());
                    if (values == null) {
                        problems.add(
                                selector.metric() + " has no label " + m.label() + " (it has " + labels.keySet() + ")");
                    } else if (m.op().equals("=") && !values.contains(m.value())) {
                        problems.add(
                                selector.metric() + "{" + m.label() + "} is never \"" + m.value() + "\" " + values);
                    } else if (m.op().equals("=~") && values.stream().noneMatch(v -> v.matches(m.value()))) {
                        problems.add(
                                selector.metric() + "{" + m.label() + "} never matches " + m.value() + " " + values);
                    }
                }
            }
        }
        // What issue #12 asks the rules and the dashboard to watch.
        assertThat(checked)
                .as("metrics read by the rules and the dashboard")
                .contains(
                        "events_in",
                        "reconciled",
                        "exceptions_type_state_count",
                        "unmatched_open",
                        "open_pairs",
                        "currentInputWatermark",
                        "pendingRecords",
                        "numRestarts",
                        "uptime",
                        "lastCheckpointCompletedTimestamp",
                        "numberOfFailedCheckpoints",
                        "lastCheckpointDuration",
                        "events_overflowed");
        assertThat(problems)
                .as("metrics and labels the rules and the dashboard read")
                .isEmpty();

        // What README "Metrics" promises, with its labels.
        Map<String, Set<String>> exceptions =
                series.get("flink_taskmanager_job_task_operator_exceptions_type_state_count");
        assertThat(exceptions.get("type"))
                .contains(
                        "MALFORMED_EVENT",
                        "UNMATCHED_DEBIT",
                        "UNMATCHED_CREDIT",
                        "AMOUNT_MISMATCH",
                        "CURRENCY_MISMATCH",
                        "DUPLICATE_DEBIT",
                        "DUPLICATE_CREDIT",
                        "INVALID_TRANSITION",
                        "KIND_MISMATCH",
                        "OVER_REFUND",
                        "ORDER_OVERFLOW");
        assertThat(exceptions.get("state")).containsExactlyInAnyOrder("OPEN", "RESOLVED");
        assertThat(exceptions.get("operator_name"))
                .containsExactlyInAnyOrder("Reconcile_orders", "Split_malformed_input");
        for (String metric : List.of(
                "events_in",
                "reconciled",
                "duplicates_dropped",
                "late_events",
                "events_overflowed",
                "open_pairs",
                "unmatched_open",
                "match_latency_ms")) {
            assertThat(series.get("flink_taskmanager_job_task_operator_" + metric))
                    .as(metric)
                    .isNotNull()
                    .extractingByKey("operator_name")
                    .isEqualTo(Set.of("Reconcile_orders"));
        }
        assertThat(series)
                .as("one counter with labels, no name per type")
                .doesNotContainKey("flink_taskmanager_job_task_operator_exceptions_UNMATCHED_DEBIT")
                .doesNotContainKey("flink_taskmanager_job_task_operator_event_time_lag_ms");
    }

    private static String text(List<ConsumerRecord<byte[], byte[]>> records) {
        StringBuilder all = new StringBuilder();
        records.forEach(
                r -> all.append(new String(r.value(), StandardCharsets.UTF_8)).append('\n'));
        return all.toString();
    }

    private static String scrapeUntil(Predicate<String> done, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = ReporterScrape.scrape(PORT);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200); // poll interval, not a wait for the condition
        }
        throw new AssertionError("the scrape never showed what the test waits for; last scrape:\n" + last);
    }
}
