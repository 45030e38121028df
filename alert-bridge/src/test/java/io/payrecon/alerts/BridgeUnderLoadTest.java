package io.payrecon.alerts;

import static io.payrecon.alerts.LocalReceiver.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.payrecon.local.EmbeddedKafka;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge as a process under a flood, an outage longer than the expiry, a receiver that
 * rate-limits (429 with Retry-After above 120 requests a minute, as PagerDuty's Events API does per
 * integration key), a SIGTERM while the receiver refuses everything, and two replicas of one group:
 * real Kafka broker, real Alertmanager, a local HTTP receiver standing in for PagerDuty (issue #24
 * item 1, issue #21 item 4).
 *
 * <p>The flood's size is {@code -Dpayrecon.floodRecords} (default 200,000, to fit the suite on two
 * cores); RELIABILITY.md records a run at the issue's 1,000,000.
 */
class BridgeUnderLoadTest {
    private static final Duration DEADLINE = Duration.ofSeconds(120);
    private static final int FLOOD = Integer.getInteger("payrecon.floodRecords", 200_000);
    private static final String ROUTING_KEY = "0123456789abcdef0123456789abcdef";
    private static final Pattern METRICS_PORT = Pattern.compile("metrics on http://[^:]+:(\\d+)/metrics");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedKafka kafka;

    @TempDir
    Path dir;

    private String topic;
    private final List<Process> bridges = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();
    private final List<AutoCloseable> closing = new ArrayList<>();

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
    }

    @AfterEach
    void stopWhatThisTestStarted() throws Exception {
        for (Process p : bridges) {
            p.destroyForcibly().waitFor();
        }
        for (Path log : logs) {
            System.out.println("--- " + log.getFileName() + " ---\n" + tail(read(log), 20_000));
        }
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    /**
     * Issue #24 item 1: a flood of MALFORMED_EVENT records and then one DUPLICATE_DEBIT, the bridge at
     * -Xmx256m against a receiver that answers 429 above 120 requests a minute. The bridge stays up,
     * the DUPLICATE_DEBIT goes out before the flood's last count, the flood is a handful of alerts;
     * then, with the receiver refusing everything, SIGTERM stops it within seconds and the committed
     * offsets are exactly what it delivered.
     */
    @Test
    void aFloodIsAHandfulOfAlertsACriticalBehindItGoesFirstAndSigtermStopsWhileTheTargetRefuses() throws Exception {
        RateLimited pagerDuty = new RateLimited(120);
        LocalReceiver receiver = closeLater(new LocalReceiver(pagerDuty::answer));
        pagerDuty.receiver = receiver;
        Process bridge = pagerDutyBridge(receiver, "flood", "-Xmx256m", "--flood-update-interval", "20s");
        await("caught up", DEADLINE, () -> read(logs.get(0)).contains("caught up"));

        // The integration key is at its limit already (another source, an earlier burst): every
        // request is answered 429 with Retry-After for the next minute.
        pagerDuty.exhaust();
        long started = System.nanoTime();
        writeFlood(FLOOD);
        write(List.<String[]>of(record("o-dup", "DUPLICATE_DEBIT", "OPEN", "e-1")), null);
        long written = System.nanoTime();
        String dupKey = "o-dup:DUPLICATE_DEBIT:e-1";
        await("the DUPLICATE_DEBIT triggered", DEADLINE, () -> pagerDuty.acceptedIndex(dupKey) >= 0);
        long dupAt = System.nanoTime();
        long flooded = FLOOD - AlertBook.DEFAULT_FLOOD_THRESHOLD;
        await(
                "the flood alert's final count delivered",
                DEADLINE,
                () -> pagerDuty.acceptedIndex(
                                floodKey(pagerDuty),
                                n -> n.at("/payload/custom_details/count").asLong() == flooded)
                        >= 0);

        assertThat(bridge.isAlive()).as("the bridge stays up at -Xmx256m").isTrue();
        int dup = pagerDuty.acceptedIndex(dupKey);
        int finalCount = pagerDuty.acceptedIndex(
                floodKey(pagerDuty), n -> n.at("/payload/custom_details/count").asLong() == flooded);
        assertThat(dup).as("the DUPLICATE_DEBIT before the flood's backlog").isLessThan(finalCount);
        assertThat(pagerDuty.accepted().get(0).path("dedup_key").asText())
                .as(
                        "the first event accepted once the rate limit allowed: the CRITICAL, not a WARNING queued before it")
                .isEqualTo(dupKey);
        assertThat(pagerDuty.throttled)
                .as("429s: Retry-After honoured, not retried every second for the minute")
                .isBetween(1, 5);
        Set<String> malformedKeys = pagerDuty.accepted().stream()
                .filter(n -> n.at("/payload/class").asText().equals("MALFORMED_EVENT"))
                .map(n -> n.path("dedup_key").asText())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(malformedKeys)
                .as("a handful of alerts for " + FLOOD + " records")
                .hasSize(AlertBook.DEFAULT_FLOOD_THRESHOLD + 1);
        Map<String, Long> metrics = metrics(0);
        assertThat(metrics.get("payrecon_bridge_records_read_total")).isEqualTo(FLOOD + 1L);
        System.out.printf(
                "FLOOD %d records: written in %d ms; DUPLICATE_DEBIT delivered %d ms after the last write;"
                        + " %d requests (%d throttled with 429); %d malformed alerts%n",
                FLOOD,
                (written - started) / 1_000_000,
                (dupAt - written) / 1_000_000,
                receiver.requests().size(),
                pagerDuty.throttled,
                malformedKeys.size());

        // Everything delivered: the offsets committed up to the end.
        Map<TopicPartition, Long> end = endOffsets();
        await(
                "every delivered record committed",
                DEADLINE,
                () -> committed("flood").equals(end));

        // The receiver goes bad for good; three more CRITICALs are read and cannot be delivered.
        pagerDuty.refuseAll = true;
        write(
                List.<String[]>of(
                        record("o-r1", "AMOUNT_MISMATCH", "OPEN", "e-1"),
                        record("o-r2", "AMOUNT_MISMATCH", "OPEN", "e-1"),
                        record("o-r3", "AMOUNT_MISMATCH", "OPEN", "e-1")),
                null);
        await(
                "the bridge read them",
                DEADLINE,
                () -> metrics(0).get("payrecon_bridge_records_read_total") == FLOOD + 4L);
        await("and retried", DEADLINE, () -> read(logs.get(0)).contains("o-r"));

        long term = System.nanoTime();
        bridge.destroy(); // SIGTERM
        assertThat(bridge.waitFor(15, TimeUnit.SECONDS))
                .as("stopped within seconds while the receiver refuses")
                .isTrue();
        System.out.printf("SIGTERM to exit: %d ms%n", (System.nanoTime() - term) / 1_000_000);
        assertThat(committed("flood"))
                .as("committed what it delivered, not the three refused")
                .isEqualTo(end);
    }

    /**
     * Issue #21 item 4: the bridges stopped for longer than the expiry; CRITICAL exceptions written
     * meanwhile (Kafka timestamps three days old, the expiry 24 h) all reach Alertmanager and the
     * PagerDuty receiver once they start again; an old WARNING does not.
     */
    @Test
    void afterAnOutageLongerThanTheExpiryEveryCriticalStillReachesAlertmanagerAndPagerDuty() throws Exception {
        LocalReceiver webhook = closeLater(new LocalReceiver(r -> 200));
        AlertmanagerProcess am = closeLater(new AlertmanagerProcess(
                        AlertmanagerProcess.testConfig(
                                Files.createDirectories(dir.resolve("config")), webhook.port(), "1s", "1s"),
                        Files.createDirectories(dir.resolve("am")))
                .start());
        RateLimited pd = new RateLimited(120);
        LocalReceiver receiver = closeLater(new LocalReceiver(pd::answer));
        pd.receiver = receiver;

        int amMetrics = AlertmanagerProcess.freePort();
        int pdMetrics = AlertmanagerProcess.freePort();
        Prometheus prometheus = closeLater(Prometheus.start(dir.resolve("prometheus"), amMetrics, pdMetrics));

        Process toAm = alertmanagerBridge(am, "outage-am", amMetrics);
        Process toPd = pagerDutyBridge(receiver, "outage-pd", pdMetrics);
        await(
                "both caught up",
                DEADLINE,
                () -> read(logs.get(0)).contains("caught up")
                        && read(logs.get(1)).contains("caught up"));
        await("Prometheus scrapes both", DEADLINE, () -> prometheus.query("sum(up{job=\"alert-bridge\"})") == 2);
        // A rule evaluated before the first scrapes may have fired it: it ends at the next evaluation.
        await(
                "AlertBridgeDown not firing while both are scraped",
                DEADLINE,
                () -> !prometheus.firing().contains("AlertBridgeDown"));
        toAm.destroy();
        toPd.destroy();
        assertThat(toAm.waitFor(15, TimeUnit.SECONDS) && toPd.waitFor(15, TimeUnit.SECONDS))
                .isTrue();
        await(
                "AlertBridgeDown fires while they are down",
                DEADLINE,
                () -> prometheus.firing().contains("AlertBridgeDown"));

        long weekend = Instant.now().minus(Duration.ofDays(3)).toEpochMilli();
        List<String> criticals = List.of(
                "o-1:DUPLICATE_DEBIT:e-1", "o-2:AMOUNT_MISMATCH", "o-3:EVENT_ID_CONFLICT:e-1", "o-4:KIND_MISMATCH");
        write(
                List.<String[]>of(
                        record("o-1", "DUPLICATE_DEBIT", "OPEN", "e-1"),
                        record("o-2", "AMOUNT_MISMATCH", "OPEN", "e-1"),
                        record("o-3", "EVENT_ID_CONFLICT", "OPEN", "e-1"),
                        record("o-4", "KIND_MISMATCH", "OPEN", "e-1"),
                        record("o-5", "MALFORMED_EVENT", "OPEN", "e-1")),
                weekend);
        alertmanagerBridge(am, "outage-am", amMetrics);
        pagerDutyBridge(receiver, "outage-pd", pdMetrics);

        await(
                "every CRITICAL active in Alertmanager",
                DEADLINE,
                () -> am.activeIds().containsAll(criticals));
        await(
                "every CRITICAL triggered in PagerDuty",
                DEADLINE,
                () -> criticals.stream().allMatch(id -> pd.acceptedIndex(id) >= 0));
        assertThat(am.activeIds()).doesNotContain("malformed:reconciliation:0:o-5");
        JsonNode dup = am.activeAlerts().stream()
                .filter(a -> a.at("/labels/exception_id").asText().equals("o-1:DUPLICATE_DEBIT:e-1"))
                .findFirst()
                .orElseThrow();
        assertThat(Instant.parse(dup.path("startsAt").asText()))
                .as("raised when it was written")
                .isBefore(Instant.now().minus(Duration.ofDays(2)));
        await(
                "AlertBridgeDown ends once they are back",
                DEADLINE,
                () -> !prometheus.firing().contains("AlertBridgeDown"));
    }

    /**
     * A real Prometheus scraping the bridges (job alert-bridge) with the project's rules for them,
     * AlertBridgeDown's 2 minutes scaled to 1 second.
     */
    static final class Prometheus implements AutoCloseable {
        private final Process process;
        private final int port;

        private Prometheus(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        static Prometheus start(Path dir, int... bridgePorts) throws Exception {
            Files.createDirectories(dir);
            String rules = Files.readString(
                    Path.of(System.getProperty("top.dir", ".."), "ops/prometheus/rules/alert-bridge.rules.yml"));
            String scaled = rules.replace(
                    "expr: max(up{job=\"alert-bridge\"}) == 0 or absent(up{job=\"alert-bridge\"})\n        for: 2m",
                    "expr: max(up{job=\"alert-bridge\"}) == 0 or absent(up{job=\"alert-bridge\"})\n        for: 1s");
            assertThat(scaled).as("the rule still reads as this test scales it").isNotEqualTo(rules);
            Path rulesFile = dir.resolve("alert-bridge.rules.yml");
            Files.writeString(rulesFile, scaled);
            StringBuilder targets = new StringBuilder();
            for (int p : bridgePorts) {
                targets.append(targets.length() == 0 ? "" : ", ")
                        .append("'127.0.0.1:")
                        .append(p)
                        .append("'");
            }
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(
                    config,
                    String.join(
                            "\n",
                            "global:",
                            "  scrape_interval: 1s",
                            "  evaluation_interval: 1s",
                            "rule_files: ['" + rulesFile + "']",
                            "scrape_configs:",
                            "  - job_name: alert-bridge",
                            "    static_configs:",
                            "      - targets: [" + targets + "]",
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
            await("Prometheus ready", Duration.ofSeconds(60), () -> prometheus.get("/-/ready") != null);
            return prometheus;
        }

        private JsonNode get(String path) {
            try {
                HttpResponse<String> r = HTTP.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    return null;
                }
                return path.startsWith("/api")
                        ? new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body())
                        : com.fasterxml.jackson.databind.node.TextNode.valueOf(r.body());
            } catch (IOException e) {
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /** The value of an instant query with one result; -1 when there is none. */
        double query(String promql) {
            JsonNode r = get("/api/v1/query?query="
                    + java.net.URLEncoder.encode(promql, java.nio.charset.StandardCharsets.UTF_8));
            JsonNode result = r == null ? null : r.at("/data/result");
            return result == null || result.size() != 1
                    ? -1
                    : result.get(0).at("/value/1").asDouble();
        }

        /** The names of the alerts firing now. */
        Set<String> firing() {
            Set<String> names = new TreeSet<>();
            JsonNode r = get("/api/v1/alerts");
            if (r != null) {
                for (JsonNode a : r.at("/data/alerts")) {
                    if (a.path("state").asText().equals("firing")) {
                        names.add(a.at("/labels/alertname").asText());
                    }
                }
            }
            return names;
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    /** Two replicas of one group: one delivers, one stands by and takes over when it stops. */
    @Test
    void twoReplicasOfOneGroupOneDeliversTheOtherTakesOverWhenItStops() throws Exception {
        LocalReceiver webhook = closeLater(new LocalReceiver(r -> 200));
        AlertmanagerProcess am = closeLater(new AlertmanagerProcess(
                        AlertmanagerProcess.testConfig(
                                Files.createDirectories(dir.resolve("config")), webhook.port(), "1s", "1s"),
                        Files.createDirectories(dir.resolve("am")))
                .start());
        Process first = alertmanagerBridge(am, "replicas");
        await("the first caught up", DEADLINE, () -> read(logs.get(0)).contains("caught up"));
        alertmanagerBridge(am, "replicas");
        await("the second stands by", DEADLINE, () -> read(logs.get(1)).contains("standing by"));
        await(
                "one active",
                DEADLINE,
                () -> metrics(0).get("payrecon_bridge_active") + metrics(1).get("payrecon_bridge_active") == 1);
        assertThat(metrics(0).get("payrecon_bridge_active")).isEqualTo(1L);

        write(List.<String[]>of(record("o-a", "DUPLICATE_CREDIT", "OPEN", "e-1")), null);
        await("delivered by the first", DEADLINE, () -> am.activeIds().contains("o-a:DUPLICATE_CREDIT:e-1"));

        first.destroy();
        assertThat(first.waitFor(15, TimeUnit.SECONDS)).isTrue();
        await("the second took over", DEADLINE, () -> read(logs.get(1)).contains("caught up"));
        write(List.<String[]>of(record("o-b", "CURRENCY_MISMATCH", "OPEN", "e-1")), null);
        await("delivered by the second", DEADLINE, () -> am.activeIds().contains("o-b:CURRENCY_MISMATCH"));
        assertThat(am.activeIds()).contains("o-a:DUPLICATE_CREDIT:e-1");
        assertThat(metrics(1).get("payrecon_bridge_active")).isEqualTo(1L);
    }

    // --- the receiver standing in for PagerDuty ---

    /** Accepts (202) up to {@code perMinute} requests in any minute, then 429 with Retry-After. */
    static final class RateLimited {
        private final int perMinute;
        private final Deque<Long> acceptedAt = new ArrayDeque<>();
        private final List<JsonNode> accepted = new ArrayList<>();
        volatile boolean refuseAll;
        volatile LocalReceiver receiver;
        int throttled;

        RateLimited(int perMinute) {
            this.perMinute = perMinute;
        }

        /** As if {@code perMinute} events had just been accepted. */
        synchronized void exhaust() {
            long now = System.nanoTime();
            for (int i = 0; i < perMinute; i++) {
                acceptedAt.addLast(now);
            }
        }

        synchronized int answer(LocalReceiver.Request r) {
            if (refuseAll) {
                return 503;
            }
            long now = System.nanoTime();
            while (!acceptedAt.isEmpty() && now - acceptedAt.peekFirst() > TimeUnit.MINUTES.toNanos(1)) {
                acceptedAt.pollFirst();
            }
            if (acceptedAt.size() >= perMinute) {
                throttled++;
                long seconds = 1
                        + TimeUnit.NANOSECONDS.toSeconds(TimeUnit.MINUTES.toNanos(1) - (now - acceptedAt.peekFirst()));
                receiver.retryAfter = Long.toString(seconds);
                return 429;
            }
            acceptedAt.addLast(now);
            accepted.add(r.body());
            return 202;
        }

        synchronized List<JsonNode> accepted() {
            return new ArrayList<>(accepted);
        }

        int acceptedIndex(String dedupKey) {
            return acceptedIndex(dedupKey, n -> true);
        }

        synchronized int acceptedIndex(String dedupKey, java.util.function.Predicate<JsonNode> also) {
            for (int i = 0; i < accepted.size(); i++) {
                JsonNode n = accepted.get(i);
                if (n.path("dedup_key").asText().equals(dedupKey)
                        && n.path("event_action").asText().equals("trigger")
                        && also.test(n)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static String floodKey(RateLimited pd) {
        return pd.accepted().stream()
                .map(n -> n.path("dedup_key").asText())
                .filter(k -> k.startsWith("flood:MALFORMED_EVENT:"))
                .findFirst()
                .orElse("none yet");
    }

    // --- helpers ---

    private <T extends AutoCloseable> T closeLater(T c) {
        closing.add(c);
        return c;
    }

    private Process pagerDutyBridge(LocalReceiver receiver, String group, String... extra) throws IOException {
        return pagerDutyBridge(receiver, group, 0, extra);
    }

    private Process pagerDutyBridge(LocalReceiver receiver, String group, int metricsPort, String... extra)
            throws IOException {
        List<String> jvm = new ArrayList<>();
        List<String> args = new ArrayList<>(List.of(
                "--target",
                "pagerduty",
                "--target-url",
                receiver.url("/v2/enqueue").toString(),
                "--group-id",
                group));
        for (String e : extra) {
            (e.startsWith("-X") ? jvm : args).add(e);
        }
        return bridge(jvm, args, metricsPort);
    }

    private Process alertmanagerBridge(AlertmanagerProcess am, String group) throws IOException {
        return alertmanagerBridge(am, group, 0);
    }

    private Process alertmanagerBridge(AlertmanagerProcess am, String group, int metricsPort) throws IOException {
        return bridge(
                List.of(),
                List.of("--alertmanager-url", am.url().toString(), "--resend-interval", "1s", "--group-id", group),
                metricsPort);
    }

    private Process bridge(List<String> jvm, List<String> args, int metricsPort) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), AlertBridge.class.getName()));
        cmd.addAll(List.of(
                "--bootstrap-servers",
                kafka.bootstrapServers(),
                "--exceptions-topic",
                topic,
                "--retry-initial",
                "200ms",
                "--retry-max",
                "1s",
                "--metrics-host",
                "127.0.0.1",
                "--metrics-port",
                Integer.toString(metricsPort)));
        cmd.addAll(args);
        Path log = dir.resolve("bridge-" + bridges.size() + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().put(AlertBridge.ROUTING_KEY_ENV, ROUTING_KEY);
        Process p = pb.start();
        bridges.add(p);
        logs.add(log);
        return p;
    }

    /** The bridge's /metrics (number {@code i}, in start order), name{labels} to value. */
    private Map<String, Long> metrics(int i) {
        String log = read(logs.get(i));
        Matcher m = METRICS_PORT.matcher(log);
        String port = null;
        while (m.find()) {
            port = m.group(1); // the latest run's
        }
        if (port == null) {
            throw new AssertionError("no metrics port in the log yet");
        }
        try {
            String text = HTTP.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
            return text.lines()
                    .filter(l -> !l.startsWith("#") && !l.isBlank())
                    .collect(Collectors.toMap(
                            l -> l.substring(0, l.lastIndexOf(' ')),
                            l -> Long.parseLong(l.substring(l.lastIndexOf(' ') + 1)),
                            (a, b) -> b));
        } catch (IOException e) {
            throw new AssertionError("no answer on /metrics: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static String[] record(String order, String type, String state, String... eventIds) {
        return new String[] {order, Records.json(order, type, state, eventIds)};
    }

    /** {@code n} MALFORMED_EVENT records, in transactions of 50,000, as a producer bug would make the job write. */
    private void writeFlood(int n) {
        String template = Records.json("ORDER", "MALFORMED_EVENT", "OPEN");
        try (KafkaProducer<String, String> producer = producer()) {
            producer.initTransactions();
            for (int i = 0; i < n; ) {
                producer.beginTransaction();
                for (int j = 0; j < 50_000 && i < n; j++, i++) {
                    String order = "m-" + i;
                    producer.send(new ProducerRecord<>(topic, order, template.replace("ORDER", order)));
                }
                producer.commitTransaction();
            }
        }
    }

    /** One transaction; {@code timestamp} the records' Kafka timestamp (null: now). */
    private void write(List<String[]> records, Long timestamp) {
        try (KafkaProducer<String, String> producer = producer()) {
            producer.initTransactions();
            producer.beginTransaction();
            for (String[] r : records) {
                producer.send(new ProducerRecord<>(topic, null, timestamp, r[0], r[1]));
            }
            producer.commitTransaction();
        }
    }

    private KafkaProducer<String, String> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-" + UUID.randomUUID());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        return new KafkaProducer<>(props);
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetSpec> specs = new java.util.HashMap<>();
            for (int p = 0; p < 3; p++) {
                specs.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
            return admin
                    .listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .entrySet()
                    .stream()
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }

    private Map<TopicPartition, Long> committed(String group) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS);
            return offsets.entrySet().stream()
                    .filter(e -> e.getValue() != null)
                    .collect(Collectors.toMap(
                            Map.Entry::getKey, e -> e.getValue().offset()));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }

    private static String tail(String s, int n) {
        return s.length() <= n ? s : "..." + s.substring(s.length() - n);
    }
}
