package io.payrecon.bench.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST client against canned answers of a JobManager, served in-process. */
class FlinkJobsTest {
    private static final String JOB = "0123456789abcdef0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Answers per path (method and path with query); the last answer of a path repeats. */
    private final Map<String, Deque<String>> answers = new ConcurrentHashMap<>();

    private HttpServer server;
    private FlinkJobs jobs;
    private PollerTest.FakeTime time;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            String key = exchange.getRequestMethod() + " " + exchange.getRequestURI();
            Deque<String> queue = answers.get(key);
            String body = queue == null ? null : queue.size() > 1 ? queue.poll() : queue.peek();
            byte[] bytes = (body == null ? "{\"errors\":[\"Not found: " + key + "\"]}" : body)
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(body == null ? 404 : 200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        server.start();
        time = new PollerTest.FakeTime();
        jobs = new FlinkJobs(
                new FlinkRest(
                        URI.create("http://127.0.0.1:" + server.getAddress().getPort())),
                time.poller());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void answer(String request, String... bodies) {
        answers.put(request, new ArrayDeque<>(java.util.List.of(bodies)));
    }

    @Test
    void waitsForTheWantedState() {
        answer(
                "GET /jobs/" + JOB,
                "{\"state\":\"INITIALIZING\"}",
                "{\"state\":\"RUNNING\"}",
                "{\"state\":\"FINISHED\"}");

        jobs.waitForState(JOB, Duration.ofSeconds(60), "FINISHED");

        assertThat(time.pauses).isEqualTo(2);
    }

    @Test
    void anUnwantedEndFailsAtOnceWithTheRootException() {
        answer("GET /jobs/" + JOB, "{\"state\":\"FAILED\"}");
        answer(
                "GET /jobs/" + JOB + "/exceptions",
                "{\"root-exception\":\"java.lang.IllegalStateException: boom\\n\\tat X\"}");

        assertThatThrownBy(() -> jobs.waitForState(JOB, Duration.ofSeconds(60), "FINISHED"))
                .isInstanceOf(FlinkJobs.JobFailedException.class)
                .hasMessageContaining("job " + JOB + " is FAILED, waited for FINISHED")
                .hasMessageContaining("IllegalStateException: boom");
        assertThat(time.pauses).isZero();
    }

    @Test
    void aJobTheApiDoesNotKnowIsWaitedForUntilTheDeadline() {
        assertThatThrownBy(() -> jobs.waitForState(JOB, Duration.ofSeconds(3), "RUNNING"))
                .isInstanceOf(Poller.TimeoutException.class)
                .hasMessage("job " + JOB + " still UNKNOWN after 3 s (waited for RUNNING)");
    }

    @Test
    void sumsAMetricOverTheVertexsSubtasks() {
        String metrics = "/jobs/" + JOB + "/vertices/v1/metrics";
        answer(
                "GET " + metrics,
                "[{\"id\":\"0.Reconcile_orders.open_pairs\"},{\"id\":\"1.Reconcile_orders.open_pairs\"},"
                        + "{\"id\":\"0.Reconcile_orders.open_pairs_max\"},{\"id\":\"Reconcile_orders.open_pairs\"}]");
        answer(
                "GET " + metrics + "?get=0.Reconcile_orders.open_pairs,1.Reconcile_orders.open_pairs",
                "[{\"id\":\"0.Reconcile_orders.open_pairs\",\"value\":\"498000\"},"
                        + "{\"id\":\"1.Reconcile_orders.open_pairs\",\"value\":\"499964\"}]");

        assertThat(jobs.metricSum(JOB, "v1", "Reconcile_orders.open_pairs")).contains(new BigDecimal("997964"));
        assertThat(jobs.metricSum(JOB, "v1", "Reconcile_orders.events_in")).isEmpty();
    }

    @Test
    void aFullCheckpointIsTriggeredWaitedForAndMeasured() throws IOException {
        String checkpoints = "/jobs/" + JOB + "/checkpoints";
        answer("POST " + checkpoints, "{\"request-id\":\"r1\"}");
        answer(
                "GET " + checkpoints + "/r1",
                "{\"status\":{\"id\":\"IN_PROGRESS\"}}",
                "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"checkpointId\":7}}");
        answer("GET " + checkpoints + "/details/7", "{\"id\":7}", "{\"id\":7,\"state_size\":95227370}");
        Path log = dir.resolve("state-checkpoints.log");

        assertThat(jobs.fullCheckpoint(JOB, log)).isEqualTo(95227370L);
        assertThat(Files.readAllLines(log)).hasSize(2).first().asString().contains("r1");
    }

    @Test
    void aFailedSavepointFailsWithItsCause() {
        String savepoints = "/jobs/" + JOB + "/savepoints";
        answer("POST " + savepoints, "{\"request-id\":\"s1\"}");
        answer(
                "GET " + savepoints + "/s1",
                "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"failure-cause\":"
                        + "{\"class\":\"x\",\"serialized-throwable\":\"disk full\"}}}");

        assertThatThrownBy(() -> jobs.savepoint(JOB, dir, dir.resolve("savepoint.log")))
                .hasMessage(savepoints + " failed: disk full");
    }

    @Test
    void aSavepointsLocationIsALocalPath() {
        String savepoints = "/jobs/" + JOB + "/savepoints";
        answer("POST " + savepoints, "{\"request-id\":\"s1\"}");
        answer(
                "GET " + savepoints + "/s1",
                "{\"status\":{\"id\":\"COMPLETED\"},\"operation\":{\"location\":\"file:/tmp/sp/savepoint-0123\"}}");

        assertThat(jobs.savepoint(JOB, dir, dir.resolve("savepoint.log"))).isEqualTo(Path.of("/tmp/sp/savepoint-0123"));
    }

    @Test
    void recordsStartToFlowWhenTheFirstSourceSubtaskRuns() throws IOException {
        JsonNode times = JSON.readTree("{\"subtasks\":[{\"timestamps\":{\"RUNNING\":1700000000900}},"
                + "{\"timestamps\":{\"RUNNING\":1700000000500}},{\"timestamps\":{\"CREATED\":1}}]}");

        assertThat(FlinkJobs.earliestRunning(times)).isEqualTo(1700000000500L);
    }

    @Test
    void aJobRunsOnlyWhenEveryVertexRuns() throws IOException {
        JsonNode deploying = JSON.readTree(
                "{\"state\":\"RUNNING\",\"vertices\":[{\"status\":\"RUNNING\"}," + "{\"status\":\"DEPLOYING\"}]}");
        JsonNode running = JSON.readTree("{\"state\":\"RUNNING\",\"vertices\":[{\"status\":\"RUNNING\"}]}");

        assertThat(FlinkJobs.allTasksRunning(deploying)).isFalse();
        assertThat(FlinkJobs.allTasksRunning(running)).isTrue();
    }

    @Test
    void slotsAreFreeOnlyWhenThereAreSome() throws IOException {
        assertThat(FlinkJobs.slotsAllFree(JSON.readTree("{\"slots-total\":2,\"slots-available\":2}")))
                .isTrue();
        assertThat(FlinkJobs.slotsAllFree(JSON.readTree("{\"slots-total\":2,\"slots-available\":1}")))
                .isFalse();
        assertThat(FlinkJobs.slotsAllFree(JSON.readTree("{\"slots-total\":0,\"slots-available\":0}")))
                .isFalse();
    }

    @Test
    void findsAVertexByPartOfItsName() throws IOException {
        JsonNode job = JSON.readTree("{\"vertices\":[{\"id\":\"a\",\"name\":\"Source: Kafka\"},"
                + "{\"id\":\"b\",\"name\":\"Reconcile orders -> Sink\"}]}");

        assertThat(FlinkJobs.vertexId(job, "Reconcile orders")).contains("b");
        assertThat(FlinkJobs.vertexId(job, "Statements")).isEmpty();
    }
}
