package io.payrecon.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.payrecon.local.EmbeddedKafka;
import io.payrecon.local.LiveJob;
import io.payrecon.local.LocalFlink;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The path on-call runs, every part real (here, beside the bridge's own tests, because it runs the
 * bridge's jar and its real-Alertmanager helpers): the job (with Flink's Prometheus reporter, as
 * flink-conf/config.yaml configures it) on live Kafka traffic, a real Prometheus scraping it and
 * evaluating the project's alerting rules, a real Alertmanager with the project's configuration, and
 * the alert bridge as its own process reading the exceptions topic.
 *
 * <p>An unmatched debit fires both the per-exception alert (the bridge: {@code UNMATCHED_DEBIT}) and
 * the metric alert ({@code ReconUnmatchedSidesOpenTooLong}, the project's rule with its thresholds
 * scaled from an hour and 50 sides to seconds and one side); the bridge is killed with SIGKILL and
 * restarted in between; the late credit resolves both; a second restart does not fire the resolved
 * alert again. Everything is asserted through Alertmanager's own API, with deadlines.
 */
class AlertingEndToEndIT {
    private static final int REPORTER_PORT = freePortQuietly();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .setConfiguration(
                    LocalFlink.withPrometheusReporter(new Configuration(), Path.of("flink-conf"), REPORTER_PORT))
            .build());

    private static final String METRIC_ALERT = "ReconUnmatchedSidesOpenTooLong";
    private static final Duration DEADLINE = Duration.ofMinutes(3);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void anUnmatchedDebitFiresBothAlertsAndItsLateCreditResolvesThem() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
                KafkaProducer<String, String> producer = new KafkaProducer<>(
                        Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                        new StringSerializer(),
                        new StringSerializer());
                AlertmanagerProcess alertmanager = new AlertmanagerProcess(
                                AlertmanagerProcess.testConfig(
                                        Files.createDirectories(work.resolve("am")),
                                        AlertmanagerProcess.freePort(),
                                        "1s",
                                        "1s"),
                                work.resolve("am"))
                        .start();
                Prometheus prometheus =
                        Prometheus.start(work.resolve("prometheus"), REPORTER_PORT, alertmanager.port)) {
            LiveJob live = new LiveJob(
                    kafka.bootstrapServers(), UUID.randomUUID().toString().substring(0, 8));
            String input = live.input();
            String exceptions = live.exceptions();
            live.createTopics(kafka, 4);
            JobClient job = live.start("alerting");
            Bridge bridge = Bridge.start(work.resolve("bridge"), kafka.bootstrapServers(), exceptions, alertmanager);
            try {
                // A debit twenty minutes old and no credit: after the idle flush, event time follows
                // the wall clock past its deadline and the job flags it.
                Instant past = Instant.now().minus(Duration.ofMinutes(20));
                producer.send(new ProducerRecord<>(input, LiveJob.event("d2", "o-2", "debit", "99.00", past)));
                producer.flush();
                await("the bridge's alert for the unmatched debit", () -> active(alertmanager, "UNMATCHED_DEBIT"));
                await("the metric alert " + METRIC_ALERT, () -> active(alertmanager, METRIC_ALERT));
                assertThat(alertmanager.activeIds()).contains("o-2:UNMATCHED_DEBIT");

                // The bridge dies without a goodbye and comes back: the alert is still open.
                bridge = bridge.killAndRestart();
                assertThat(active(alertmanager, "UNMATCHED_DEBIT"))
                        .as("open after the bridge's restart")
                        .isTrue();

                // The late credit: the job sends the same exception id again, RESOLVED.
                producer.send(new ProducerRecord<>(
                        input, LiveJob.event("c2", "o-2", "credit", "99.00", past.plusSeconds(30))));
                producer.flush();
                await("the bridge's alert resolved", () -> !active(alertmanager, "UNMATCHED_DEBIT"));
                await("the metric alert resolved", () -> !active(alertmanager, METRIC_ALERT));

                // Another restart rebuilds the open set from the topic: the resolved alert stays resolved.
                bridge = bridge.killAndRestart();
                assertThat(active(alertmanager, "UNMATCHED_DEBIT"))
                        .as("resolved alert after a second restart")
                        .isFalse();
            } finally {
                bridge.close();
                job.cancel().get();
            }
        }
    }

    private static boolean active(AlertmanagerProcess alertmanager, String alertname) {
        return alertmanager.activeAlerts().stream()
                .anyMatch(a -> alertname.equals(a.at("/labels/alertname").asText()));
    }

    private static void await(String what, java.util.function.BooleanSupplier condition) {
        LocalReceiver.await(what, DEADLINE, condition);
    }

    private static int freePortQuietly() {
        try {
            return AlertmanagerProcess.freePort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A real Prometheus (Debian's package, which .ci/run installs) scraping the job's reporter every
     * second and evaluating the project's rules, with the thresholds of the one alert under test scaled
     * to test time, and sending its alerts to the test's Alertmanager.
     */
    private static final class Prometheus implements AutoCloseable {
        private final Process process;
        private final int port;

        private Prometheus(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static Prometheus start(Path dir, int reporterPort, int alertmanagerPort) throws Exception {
            Files.createDirectories(dir);
            Path rules = dir.resolve("rules.yml");
            Files.writeString(rules, scaledRules());
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "global:",
                            "  scrape_interval: 1s",
                            "  evaluation_interval: 1s",
                            "rule_files: ['" + rules + "']",
                            "alerting:",
                            "  alertmanagers:",
                            "    - static_configs:",
                            "        - targets: ['127.0.0.1:" + alertmanagerPort + "']",
                            "scrape_configs:",
                            "  - job_name: flink",
                            "    static_configs:",
                            "      - targets: ['127.0.0.1:" + reporterPort + "']",
                            ""));
            int port = AlertmanagerProcess.freePort();
            Process process = new ProcessBuilder(
                            AlertmanagerProcess.binary("prometheus"),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            Prometheus prometheus = new Prometheus(process, port);
            LocalReceiver.await("Prometheus ready on " + port, Duration.ofSeconds(60), prometheus::ready);
            return prometheus;
        }

        /**
         * The project's rules file, with ReconUnmatchedSidesOpenTooLong's thresholds (over an hour, more
         * than 50 sides, for 15 minutes) scaled to a test (over 5 seconds, any side, at once). Fails
         * when the rule no longer reads as expected, so the scaling never silently tests nothing.
         */
        static String scaledRules() throws IOException {
            String rules = Files.readString(Path.of("ops/prometheus/rules/payment-reconciliation.rules.yml"));
            String scaled = rules.replace("state=\"OPEN\"}[1h]))", "state=\"OPEN\"}[5s]))")
                    .replace(
                            "expr: payrecon:unmatched_open_over_1h:min > 50\n        for: 15m",
                            "expr: payrecon:unmatched_open_over_1h:min > 0\n        for: 0s");
            assertThat(scaled)
                    .as("the rules still hold the thresholds this test scales")
                    .doesNotContain("unmatched_open_over_1h:min > 50")
                    .contains("state=\"OPEN\"}[5s]))");
            return scaled;
        }

        private boolean ready() {
            if (!process.isAlive()) {
                throw new AssertionError("Prometheus exited with " + process.exitValue());
            }
            try {
                return HTTP.send(
                                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** The bridge as operators run it: its shaded jar in a JVM of its own. */
    private static final class Bridge implements AutoCloseable {
        private final Path dir;
        private final List<String> command;
        private final Process process;
        private final Path log;

        private Bridge(Path dir, List<String> command, Process process, Path log) {
            this.dir = dir;
            this.command = command;
            this.process = process;
            this.log = log;
        }

        static Bridge start(Path dir, String bootstrap, String topic, AlertmanagerProcess alertmanager)
                throws IOException {
            Path jar = Path.of(System.getProperty("bridge.jar", "target/payment-reconciliation-alert-bridge.jar"));
            assertThat(jar).as("the bridge's jar (mvn package)").isRegularFile();
            List<String> command = List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar",
                    jar.toString(),
                    "--bootstrap-servers",
                    bootstrap,
                    "--exceptions-topic",
                    topic,
                    "--alertmanager-url",
                    alertmanager.url().toString(),
                    "--resend-interval",
                    "2s",
                    "--group-id",
                    "alerting-it",
                    "--metrics-port",
                    "0",
                    // Static membership: killed and restarted, it gets the partitions back at once
                    // (without, after the 10 s session timeout, longer than this test's alert lifetime).
                    "--instance-id",
                    "alerting-it-1");
            return launch(Files.createDirectories(dir), command, 1);
        }

        private static Bridge launch(Path dir, List<String> command, int run) throws IOException {
            Path log = dir.resolve("bridge-" + run + ".log");
            Process process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Bridge bridge = new Bridge(dir, command, process, log);
            // Caught up: it rebuilt the open set from the topic and sent it before following the topic.
            LocalReceiver.await(
                    "bridge run " + run + " caught up (" + log + ")", Duration.ofMinutes(1), bridge::caughtUp);
            return bridge;
        }

        private boolean caughtUp() {
            if (!process.isAlive()) {
                throw new AssertionError("the bridge exited with " + process.exitValue() + ": " + read(log));
            }
            return read(log).contains("caught up with");
        }

        Bridge killAndRestart() throws Exception {
            process.destroyForcibly().waitFor();
            int run = Integer.parseInt(log.getFileName().toString().replaceAll("\\D", "")) + 1;
            return launch(dir, command, run);
        }

        private static String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                return "";
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
