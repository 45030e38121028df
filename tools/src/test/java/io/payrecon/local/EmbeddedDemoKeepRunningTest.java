package io.payrecon.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --keep-running} (issue 23, item 1): after the demo's bounded run, a live job RUNNING on a
 * trickle of generated traffic, whose metrics Prometheus can scrape while it runs, flagging sides as
 * their deadlines pass and writing a statement as a minute closes; the banner says
 * what listens where (everything on loopback but Flink's Prometheus reporter); SIGTERM stops it quietly (nothing on stderr, two lines on stdout) and the
 * temporary directory is left as it was found: empty.
 */
class EmbeddedDemoKeepRunningTest {
    private static final Duration DEADLINE = Duration.ofMinutes(3);

    @TempDir
    Path tmp;

    @TempDir
    Path logs;

    @Test
    void aLiveJobRunsAndServesMetricsUntilSigtermThenNothingIsLeft() throws Exception {
        Instant started = Instant.now();
        Path out = logs.resolve("demo.out");
        Path err = logs.resolve("demo.err");
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "-Djava.io.tmpdir=" + tmp,
                "-Dpayrecon.log.dir=" + logs,
                "-Dlog4j.configurationFile="
                        + Path.of("../flink-conf/log4j-local.properties").toAbsolutePath(),
                "-Dpayrecon.flink.conf=" + Path.of("../flink-conf").toAbsolutePath(),
                "-cp",
                System.getProperty("java.class.path"),
                EmbeddedDemo.class.getName(),
                "--orders",
                "300",
                "--keep-running"));
        Process demo = new ProcessBuilder(command)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            String banner = await("the live banner", () -> read(out), s -> s.contains("Press Ctrl-C to stop"));
            assertThat(banner)
                    .contains("FINISHED")
                    .contains("Live: the job runs on (RUNNING")
                    .containsPattern("127\\.0\\.0\\.1:\\d+ \\(loopback only\\)\\s+Flink web UI")
                    .containsPattern("\\*:\\d+ \\(every interface\\)\\s+Prometheus metrics")
                    .containsPattern("127\\.0\\.0\\.1:\\d+ \\(loopback only\\)\\s+Kafka broker")
                    .containsPattern("127\\.0\\.0\\.1:\\d+ \\(loopback only\\)\\s+Kafka's KRaft controller");
            // Everything but Flink's Prometheus reporter (which binds the wildcard address) on loopback.
            List<String> listening = banner.substring(banner.indexOf("Listening"), banner.indexOf("Press Ctrl-C"))
                    .lines()
                    .skip(1)
                    .toList();
            assertThat(listening)
                    .as("what the process listens on")
                    .hasSizeGreaterThanOrEqualTo(3)
                    .allSatisfy(l -> assertThat(l)
                            .satisfiesAnyOf(
                                    x -> assertThat(x).contains("(loopback only)"),
                                    x -> assertThat(x)
                                            .contains("(every interface)")
                                            .contains("Prometheus metrics")));
            String webUi = group(banner, "Flink web UI: (http://\\S+)");
            String metrics = group(banner, "Prometheus metrics: (http://\\S+)");
            String jobId = group(banner, "job id ([0-9a-f]{32})");
            HttpClient http = HttpClient.newHttpClient();

            await(
                    "the live job RUNNING",
                    () -> get(http, webUi + "/jobs/" + jobId),
                    s -> s.contains("\"state\":\"RUNNING\""));
            // A job metric of the live job, counting traffic that arrived after the demo's run ended.
            Pattern eventsIn = Pattern.compile("flink_taskmanager_job_task_operator_events_in\\{job_id=\"" + jobId
                    + "\"[^}]*operator_name=\"Reconcile_orders\"[^}]*} ([0-9.]+)");
            await("events_in of the live job above 0 on " + metrics, () -> get(http, metrics), s -> {
                Matcher m = eventsIn.matcher(s);
                while (m.find()) {
                    if (Double.parseDouble(m.group(1)) > 0) {
                        return true;
                    }
                }
                return false;
            });
            // The live rules at work on the trickle: a side flagged as its deadline passed (the demo's own
            // events are an hour old), and a statement of a 1m period written as the period closed.
            String bootstrap = group(banner, "Kafka: (\\S+)");
            ObjectMapper json = new ObjectMapper();
            try (TopicReader exceptions = new TopicReader(bootstrap, "exceptions");
                    TopicReader statements = new TopicReader(bootstrap, "statements")) {
                java.util.function.Predicate<JsonNode> flaggedLive =
                        e -> e.get("type").asText().startsWith("UNMATCHED_")
                                && Instant.parse(e.get("detected_time").asText())
                                        .isAfter(started);
                assertThat(exceptions.pollUntil(
                                records -> records.stream().anyMatch(r -> flaggedLive.test(read(json, r.value()))),
                                DEADLINE))
                        .as("an UNMATCHED_* of the live traffic")
                        .anySatisfy(r -> assertThat(flaggedLive.test(read(json, r.value())))
                                .isTrue());
                Instant minute = started.truncatedTo(ChronoUnit.MINUTES);
                java.util.function.Predicate<JsonNode> live = st -> {
                    Instant start = Instant.parse(st.get("period_start").asText());
                    Instant end = Instant.parse(st.get("period_end").asText());
                    return !start.isBefore(minute)
                            && Duration.between(start, end).equals(Duration.ofMinutes(1));
                };
                assertThat(statements.pollUntil(
                                records -> records.stream().anyMatch(r -> live.test(read(json, r.value()))), DEADLINE))
                        .as("a statement of a 1m period of the live traffic")
                        .anySatisfy(r ->
                                assertThat(live.test(read(json, r.value()))).isTrue());
            }
            assertThat(listTree(tmp)).as("the session's files while it runs").isNotEmpty();
        } finally {
            demo.destroy(); // SIGTERM
        }
        assertThat(demo.waitFor(60, TimeUnit.SECONDS))
                .as("stopped within a minute")
                .isTrue();
        assertThat(demo.exitValue()).as("128 + SIGTERM").isEqualTo(143);
        assertThat(read(err)).as("stderr").isEmpty();
        String stdout = read(out);
        assertThat(stdout.substring(stdout.indexOf("Press Ctrl-C to stop")).lines())
                .hasSize(4)
                .element(2)
                .isEqualTo("Stopping: the live job, Flink and Kafka...");
        assertThat(stdout.lines().reduce((a, b) -> b).orElseThrow()).startsWith("Stopped; removed " + tmp);
        assertThat(listTree(tmp))
                .as("what the demo left in its temporary directory")
                .isEmpty();
    }

    private static List<Path> listTree(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.toList();
        }
    }

    private static JsonNode read(ObjectMapper json, byte[] value) {
        try {
            return json.readTree(value);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + new String(value, StandardCharsets.UTF_8), e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (Exception e) {
            return "";
        }
    }

    private static String get(HttpClient http, String url) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(url))
                                    .timeout(Duration.ofSeconds(5))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            return "";
        }
    }

    private static String group(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as(regex + " in\n" + text).isTrue();
        return m.group(1);
    }

    private static String await(String what, Supplier<String> read, java.util.function.Predicate<String> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        String last = read.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + DEADLINE + "; last read:\n" + last);
            }
            Thread.sleep(200); // polling interval of a wait with a deadline
            last = read.get();
        }
        return last;
    }
}
