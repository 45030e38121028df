package io.payrecon.alerts;

import static io.payrecon.alerts.LocalReceiver.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.payrecon.generator.CardNumberCorpus;
import io.payrecon.job.ReconciliationJob;
import io.payrecon.job.config.JobConfig;
import io.payrecon.local.EmbeddedKafka;
import io.payrecon.local.TopicReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 24, item 3, the bridge's half: the card-number corpus ({@link CardNumberCorpus}) through
 * real Kafka and the real job with its default flags, then its exceptions through the alert bridge,
 * run as its own process from its command line with default flags but a flood threshold above the
 * corpus (so that every exception is an alert of its own and every payload is read), once per tool (Alertmanager,
 * PagerDuty, Opsgenie), each to a local HTTP receiver that keeps every request. Once every
 * exception has reached the tool, no card number (digits only, with spaces, with dashes) is in any
 * payload, URL or line the bridge logged.
 */
class CardNumbersBridgeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration DEADLINE = Duration.ofMinutes(2);
    private static final String MAIN = "io.payrecon.alerts.AlertBridge";

    @org.junit.jupiter.api.extension.RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    Path dir;

    @Test
    void noCardNumberReachesAnAlertingTool() throws Exception {
        List<CardNumberCorpus.Entry> corpus = CardNumberCorpus.generate(24);
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            kafka.createTopics(3, "in", "ok", "bad", "st");
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                    Map.of(
                            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            kafka.bootstrapServers(),
                            ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                            EmbeddedKafka.MAX_MESSAGE_BYTES),
                    new ByteArraySerializer(),
                    new ByteArraySerializer())) {
                int i = 0;
                for (CardNumberCorpus.Entry e : corpus) {
                    producer.send(new ProducerRecord<>("in", i++ % 3, null, e.value()));
                }
                producer.flush();
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            Configuration noRestarts = new Configuration();
            noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            env.configure(noRestarts);
            new ReconciliationJob(JobConfig.parse(
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
                            "--transactional-id-prefix",
                            "cards"))
                    .build(env);
            env.execute("card numbers");

            Set<String> ids = new TreeSet<>();
            try (TopicReader reader = new TopicReader(kafka.bootstrapServers(), "bad")) {
                for (ConsumerRecord<byte[], byte[]> r : reader.readToEnd(Duration.ofMinutes(1))) {
                    ids.add(JSON.readTree(r.value()).path("exception_id").asText());
                }
            }
            assertThat(ids).as("one exception per malformed value").hasSize(corpus.size());

            List<String> leaks = new ArrayList<>();
            for (String tool : List.of("alertmanager", "pagerduty", "opsgenie")) {
                leaks.addAll(throughTheBridge(kafka, tool, ids, corpus));
            }
            assertThat(leaks)
                    .as(leaks.size() + " payloads or log lines hold a card number")
                    .isEmpty();
        }
    }

    /** Runs the bridge for one tool until every exception reached it; returns what leaked. */
    private List<String> throughTheBridge(
            EmbeddedKafka kafka, String tool, Set<String> ids, List<CardNumberCorpus.Entry> corpus) throws Exception {
        Path log = dir.resolve(tool + ".log");
        try (LocalReceiver receiver = new LocalReceiver(r -> tool.equals("alertmanager") ? 200 : 202)) {
            List<String> cmd = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    MAIN,
                    "--bootstrap-servers",
                    kafka.bootstrapServers(),
                    "--exceptions-topic",
                    "bad",
                    "--group-id",
                    "cards-" + tool,
                    "--target",
                    tool,
                    // Every exception its own alert, so that every payload is checked: at the default
                    // (10 per type) the 145 would fold into flood alerts, whose reasons blank numbers anyway.
                    "--flood-threshold",
                    "1000"));
            if (tool.equals("alertmanager")) {
                cmd.addAll(List.of("--alertmanager-url", receiver.url("").toString()));
            } else {
                cmd.addAll(List.of(
                        "--target-url",
                        receiver.url(tool.equals("pagerduty") ? "/v2/enqueue" : "")
                                .toString()));
            }
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("PAGERDUTY_ROUTING_KEY", "r".repeat(32));
            pb.environment().put("OPSGENIE_API_KEY", "test-key");
            Process bridge = pb.start();
            try {
                await(
                        tool + " got every exception",
                        DEADLINE,
                        () -> received(receiver).containsAll(ids));
            } finally {
                bridge.destroy(); // SIGTERM: the bridge stops as in production, and logs it
                if (!bridge.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    bridge.destroyForcibly().waitFor();
                }
            }
            List<String> leaks = new ArrayList<>();
            for (LocalReceiver.Request r : receiver.requests()) {
                String text = r.method() + " " + r.path() + "?" + r.query() + " " + r.body();
                List<String> found = CardNumberCorpus.leaks(corpus, text);
                if (!found.isEmpty()) {
                    leaks.add(tool + " payload: " + found + " in " + shorten(text));
                }
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            assertThat(lines).as("the bridge logged").isNotEmpty();
            for (String line : lines) {
                List<String> found = CardNumberCorpus.leaks(corpus, line);
                if (!found.isEmpty()) {
                    leaks.add(tool + " log: " + found + " in " + shorten(line));
                }
            }
            System.out.println(tool + ": " + receiver.requests().size() + " requests, " + lines.size() + " log lines, "
                    + leaks.size() + " hold a card number");
            return leaks;
        }
    }

    /** The exception ids named in every request so far. */
    private static Set<String> received(LocalReceiver receiver) {
        Set<String> ids = new TreeSet<>();
        for (LocalReceiver.Request r : receiver.requests()) {
            collect(r.body(), ids);
        }
        return ids;
    }

    private static void collect(JsonNode node, Set<String> ids) {
        if (node == null) {
            return;
        }
        JsonNode id = node.get("exception_id");
        if (id != null && id.isTextual()) {
            ids.add(id.asText());
        }
        for (JsonNode child : node) {
            collect(child, ids);
        }
    }

    private static String shorten(String text) {
        return text.length() <= 400 ? text : text.substring(0, 400) + "...";
    }
}
