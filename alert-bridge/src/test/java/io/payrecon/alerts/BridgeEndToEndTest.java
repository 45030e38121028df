package io.payrecon.alerts;

import static io.payrecon.alerts.LocalReceiver.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.payrecon.local.EmbeddedKafka;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge as a process, between a real Kafka broker (in this JVM) and a real Alertmanager, with
 * records written transactionally as the job writes them. Everything is asserted through
 * Alertmanager's own API and the notifications its webhook receiver gets.
 */
class BridgeEndToEndTest {
    private static final Duration DEADLINE = Duration.ofSeconds(60);
    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    private String topic;
    private LocalReceiver webhook;
    private final List<Process> bridges = new ArrayList<>();
    private final List<AlertmanagerProcess> alertmanagers = new ArrayList<>();

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        kafka.close();
    }

    @BeforeEach
    void createTopic() throws Exception {
        topic = "exceptions-" + UUID.randomUUID();
        kafka.createTopics(3, topic);
        webhook = new LocalReceiver(r -> 200);
    }

    @AfterEach
    void stopWhatThisTestStarted() throws Exception {
        for (Process p : bridges) {
            p.destroyForcibly().waitFor();
        }
        System.out.println("--- bridge log ---\n" + bridgeLog()); // kept in the surefire report
        for (AlertmanagerProcess am : alertmanagers) {
            am.close();
        }
        webhook.close();
    }

    @Test
    void opensAndResolvesAndNothingResolvedFiresAgainAfterAKill9() throws Exception {
        AlertmanagerProcess am = alertmanager("1s", "1s");
        write(open("o-a", "UNMATCHED_DEBIT"), open("o-b", "AMOUNT_MISMATCH"));
        Process bridge = bridge(am, "group-1");

        await(
                "both alerts active",
                DEADLINE,
                () -> am.activeIds().equals(List.of("o-a:UNMATCHED_DEBIT", "o-b:AMOUNT_MISMATCH")));
        JsonNode a = am.activeAlerts().stream()
                .filter(x -> x.at("/labels/order_id").asText().equals("o-a"))
                .findFirst()
                .get();
        assertThat(a.at("/labels/alertname").asText()).isEqualTo("UNMATCHED_DEBIT");
        assertThat(a.at("/labels/severity").asText()).isEqualTo("critical");
        assertThat(a.at("/annotations/runbook_url").asText()).isEqualTo("docs/on-call.md#unmatched_debit");

        write(resolved("o-a", "UNMATCHED_DEBIT"));
        await("o-a resolved", DEADLINE, () -> am.activeIds().equals(List.of("o-b:AMOUNT_MISMATCH")));
        await(
                "the webhook told that o-a is resolved",
                DEADLINE,
                () -> statuses("o-a:UNMATCHED_DEBIT").contains("resolved"));

        bridge.destroyForcibly().waitFor(); // kill -9
        write(open("o-c", "INVALID_TRANSITION"));
        bridge(am, "group-1");

        // The restarted bridge sends its whole open set in one request, and o-c is in it: once o-c
        // is active, a wrongly rebuilt o-a would be active too.
        await("o-c active after the restart", DEADLINE, () -> am.activeIds().contains("o-c:INVALID_TRANSITION:e-1"));
        assertThat(am.activeIds()).containsExactly("o-b:AMOUNT_MISMATCH", "o-c:INVALID_TRANSITION:e-1");
        List<String> history = statuses("o-a:UNMATCHED_DEBIT");
        assertThat(history.subList(history.indexOf("resolved"), history.size())).containsOnly("resolved");
    }

    @Test
    void aLargerOverRefundUpdatesItsAlertAndThePaymentResolvesIt() throws Exception {
        AlertmanagerProcess am = alertmanager("1s", "1s");
        write(overRefund("o-r", "OPEN", "20.00"), open("o-m", "KIND_MISMATCH"));
        bridge(am, "group-4");
        await(
                "both alerts active",
                DEADLINE,
                () -> am.activeIds().equals(List.of("o-m:KIND_MISMATCH", "o-r:OVER_REFUND:EUR")));

        write(overRefund("o-r", "OPEN", "45.50"));
        await(
                "one alert, with the larger excess",
                DEADLINE,
                () -> am.activeAlerts().stream()
                        .anyMatch(x -> x.at("/annotations/excess").asText().equals("45.50 EUR")));
        assertThat(am.activeIds()).containsExactly("o-m:KIND_MISMATCH", "o-r:OVER_REFUND:EUR");

        write(overRefund("o-r", "RESOLVED", "45.50"));
        await("o-r resolved", DEADLINE, () -> am.activeIds().equals(List.of("o-m:KIND_MISMATCH")));
    }

    @Test
    void waitsOutAnAlertmanagerOutageLongerThanItsRetriesAndEndsInTheRightState() throws Exception {
        AlertmanagerProcess am = alertmanager("1s", "1s");
        write(open("o-x", "UNMATCHED_CREDIT"), open("o-y", "DUPLICATE_DEBIT"));
        bridge(am, "group-2");
        await(
                "both alerts active",
                DEADLINE,
                () -> am.activeIds().equals(List.of("o-x:UNMATCHED_CREDIT", "o-y:DUPLICATE_DEBIT:e-1")));

        am.stop();
        write(resolved("o-x", "UNMATCHED_CREDIT"), open("o-z", "CURRENCY_MISMATCH"));
        await("the bridge retried three times", DEADLINE, () -> bridgeLog().split("not delivered to", -1).length > 3);
        AlertmanagerProcess restarted = alertmanagerOnSamePort(am);

        // Alertmanager keeps alerts in memory only: the open ones come back by the re-send, the
        // resolved one must not.
        await(
                "o-y and o-z active, o-x not",
                DEADLINE,
                () -> restarted.activeIds().equals(List.of("o-y:DUPLICATE_DEBIT:e-1", "o-z:CURRENCY_MISMATCH")));
    }

    @Test
    void aBackfillOf3000ExceptionsIsOneNotificationPerType() throws Exception {
        AlertmanagerProcess am = alertmanager("5s", "5m");
        List<String[]> records = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            String type = Records.types().get(i % Records.types().size());
            records.add(open("b-" + i, type));
        }
        write(records.toArray(new String[0][]));
        // One alert per exception, as below the flood threshold (BridgeUnderLoadTest covers floods).
        bridge(am, "group-3", "--flood-threshold", "5000");

        await(
                "all 3000 alerts active",
                Duration.ofSeconds(120),
                () -> am.activeAlerts().size() == 3000);
        // Each type's group is notified after group_wait; the next notification of a group could
        // only come after group_interval (5 minutes), far beyond this test.
        await(
                "every type notified",
                Duration.ofSeconds(60),
                () -> notifiedTypes().size() == Records.types().size());
        // Distinct bodies: on a loaded machine Alertmanager may retry a webhook call that timed out,
        // sending the same notification twice; a second notification of a group would differ.
        List<LocalReceiver.Request> notifications = webhook.requests();
        assertThat(notifications.stream().map(LocalReceiver.Request::body).distinct())
                .hasSize(Records.types().size());
        for (LocalReceiver.Request n : notifications) {
            assertThat(n.body().at("/groupLabels").properties())
                    .extracting(Map.Entry::getKey)
                    .containsExactly("alertname");
        }
        assertThat(notifiedFiring()).hasSizeGreaterThan(Records.types().size()).hasSizeLessThanOrEqualTo(3000);
        assertThat(am.activeAlerts()).hasSize(3000);
    }

    @Test
    void aMissingTopicOrNoAlertmanagerIsOneLineAndExit2() throws Exception {
        assertThat(runToExit("--exceptions-topic", "no-such-topic"))
                .isEqualTo("error: --exceptions-topic: topic 'no-such-topic' does not exist on "
                        + kafka.bootstrapServers());
        int nothing = AlertmanagerProcess.freePort();
        assertThat(runToExit(
                        "--exceptions-topic",
                        topic,
                        "--alertmanager-url",
                        "http://127.0.0.1:" + nothing,
                        // Long enough for the broker check before it on a loaded machine; a refused
                        // connection fails at once anyway.
                        "--startup-timeout",
                        "10s"))
                .isEqualTo("error: --alertmanager-url: no Alertmanager ready at http://127.0.0.1:" + nothing
                        + " within 10 s (connection refused or timed out)");
        try (LocalReceiver notAlertmanager = new LocalReceiver(r -> 404)) {
            assertThat(runToExit(
                            "--exceptions-topic",
                            topic,
                            "--alertmanager-url",
                            notAlertmanager.url("").toString()))
                    .isEqualTo("error: --alertmanager-url: " + notAlertmanager.url("") + " answers, but has no /-/ready"
                            + " (HTTP 404): not an Alertmanager, or the wrong path prefix");
        }
    }

    // --- helpers ---

    private AlertmanagerProcess alertmanager(String groupWait, String groupInterval) throws IOException {
        Path config = AlertmanagerProcess.testConfig(
                Files.createDirectories(dir.resolve("config")), webhook.port(), groupWait, groupInterval);
        AlertmanagerProcess am = new AlertmanagerProcess(config, Files.createDirectories(dir.resolve("am"))).start();
        alertmanagers.add(am);
        return am;
    }

    private AlertmanagerProcess alertmanagerOnSamePort(AlertmanagerProcess stopped) throws IOException {
        AlertmanagerProcess am = stopped.restart();
        alertmanagers.add(am);
        return am;
    }

    private Process bridge(AlertmanagerProcess am, String group, String... extra) throws IOException {
        List<String> cmd = javaCommand();
        cmd.addAll(List.of(
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--exceptions-topic",
                topic,
                "--group-id",
                group,
                "--alertmanager-url",
                am.url().toString(),
                "--resend-interval",
                "1s",
                "--retry-initial",
                "200ms",
                "--retry-max",
                "1s",
                "--metrics-port",
                "0"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("bridge.log").toFile()))
                .start();
        bridges.add(p);
        return p;
    }

    private String runToExit(String... args) throws Exception {
        List<String> cmd = javaCommand();
        cmd.addAll(List.of("--bootstrap-servers", kafka.bootstrapServers()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(err).isEqualTo(2);
        assertThat(err.strip()).as("exactly one line").doesNotContain("\n");
        return err.strip();
    }

    private static List<String> javaCommand() {
        return new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                AlertBridge.class.getName()));
    }

    private String bridgeLog() {
        try {
            return Files.readString(dir.resolve("bridge.log"));
        } catch (IOException e) {
            return "";
        }
    }

    /** Each status (firing, resolved) the webhook was told for this exception, in order. */
    private List<String> statuses(String exceptionId) {
        List<String> statuses = new ArrayList<>();
        for (LocalReceiver.Request n : webhook.requests()) {
            for (JsonNode alert : n.body().path("alerts")) {
                if (alert.at("/labels/exception_id").asText().equals(exceptionId)) {
                    statuses.add(alert.path("status").asText());
                }
            }
        }
        return statuses;
    }

    private Set<String> notifiedTypes() {
        Set<String> types = new HashSet<>();
        for (LocalReceiver.Request n : webhook.requests()) {
            types.add(n.body().at("/groupLabels/alertname").asText());
        }
        return types;
    }

    private Set<String> notifiedFiring() {
        Set<String> ids = new HashSet<>();
        for (LocalReceiver.Request n : webhook.requests()) {
            for (JsonNode alert : n.body().path("alerts")) {
                if (alert.path("status").asText().equals("firing")) {
                    ids.add(alert.at("/labels/exception_id").asText());
                }
            }
        }
        return ids;
    }

    private static String[] open(String order, String type) {
        return new String[] {order, Records.json(order, type, "OPEN", "e-1")};
    }

    private static String[] resolved(String order, String type) {
        return new String[] {order, Records.json(order, type, "RESOLVED", "e-1", "e-2")};
    }

    private static String[] overRefund(String order, String state, String excess) {
        return new String[] {order, Records.withMoney(order, "OVER_REFUND", state, excess, "EUR", "e-3", "e-4")};
    }

    /** Writes the records in one Kafka transaction, as the job's exactly-once sink does. */
    private void write(String[]... records) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            producer.beginTransaction();
            for (String[] r : records) {
                producer.send(new ProducerRecord<>(topic, r[0], r[1]));
            }
            producer.commitTransaction();
        }
    }
}
