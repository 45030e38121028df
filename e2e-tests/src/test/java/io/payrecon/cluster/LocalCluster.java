package io.payrecon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real local cluster of ops/ (a Kafka broker process, a Flink JobManager and TaskManager
 * process), driven the way an operator does: the project's scripts and Flink's own CLI. Ports and
 * the run directory are the test's own, so a developer's cluster on the default ports is untouched.
 */
final class LocalCluster implements AutoCloseable {
    static final int KAFKA_PORT = 19092;
    static final int REST_PORT = 18081;
    /** The standby JobManager's REST port and ZooKeeper's, in the high-availability mode. */
    static final int REST_PORT_2 = 18082;

    static final int ZOOKEEPER_PORT = 12181;
    static final String BOOTSTRAP = "127.0.0.1:" + KAFKA_PORT;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern JOB_ID = Pattern.compile("JobID ([0-9a-f]{32})");
    private static final Pattern SAVEPOINT = Pattern.compile("Savepoint completed\\. Path: (\\S+)");

    final Path runDir;
    final Path savepoints;
    /** ZooKeeper and two JobManagers (ops/ with PAYRECON_HA=zookeeper). */
    final boolean highAvailability;

    private final HttpClient http = HttpClient.newHttpClient();

    private LocalCluster(Path runDir, boolean highAvailability) {
        this.runDir = runDir.toAbsolutePath();
        this.savepoints = this.runDir.resolve("savepoints");
        this.highAvailability = highAvailability;
    }

    static LocalCluster start(String name) throws Exception {
        return start(name, false);
    }

    static LocalCluster start(String name, boolean highAvailability) throws Exception {
        return start(name, highAvailability, true);
    }

    /** @param kafka false when the test starts brokers of its own ({@link ThreeBrokers}) */
    static LocalCluster start(String name, boolean highAvailability, boolean kafka) throws Exception {
        LocalCluster cluster = new LocalCluster(Path.of("target", name), highAvailability);
        // A fresh cluster: stop what an earlier run may have left, and forget its topics and state.
        cluster.ops("ops/cluster-down.sh", "--purge");
        if (Files.exists(cluster.savepoints)) {
            try (var old = Files.walk(cluster.savepoints)) {
                old.sorted(java.util.Comparator.reverseOrder())
                        .map(Path::toFile)
                        .forEach(java.io.File::delete);
            }
        }
        Files.createDirectories(cluster.savepoints);
        if (kafka) {
            cluster.ops("ops/kafka-start.sh");
            cluster.ops("ops/kafka-topics.sh");
        }
        cluster.ops("ops/flink-start.sh");
        return cluster;
    }

    Map<String, String> env() {
        return Map.of(
                "PAYRECON_RUN_DIR", runDir.toString(),
                "PAYRECON_KAFKA_PORT", Integer.toString(KAFKA_PORT),
                "PAYRECON_KAFKA_CONTROLLER_PORT", "19093",
                "PAYRECON_REST_PORT", Integer.toString(REST_PORT),
                "PAYRECON_REST_PORT_2", Integer.toString(REST_PORT_2),
                "PAYRECON_JM_RPC_PORT", "16123",
                "PAYRECON_PROM_PORTS", "19249-19259",
                "PAYRECON_ZK_PORT", Integer.toString(ZOOKEEPER_PORT),
                "PAYRECON_HA", highAvailability ? "zookeeper" : "",
                "PAYRECON_SAVEPOINT_DIR", savepoints.toString());
    }

    /** Runs an ops/ script (or the flink wrapper); fails with its output when it fails. */
    String ops(String... command) throws Exception {
        return ops(Map.of(), command);
    }

    /** The same, with some of the cluster's settings replaced (a second broker of its own, say). */
    String ops(Map<String, String> overrides, String... command) throws Exception {
        Run run = run(overrides, command);
        assertThat(run.status())
                .as(String.join(" ", command) + "\n" + run.output())
                .isZero();
        return run.output();
    }

    /** What a command printed (standard output and error) and its exit status. */
    record Run(int status, String output) {}

    /** Runs an ops/ script (or the flink wrapper) whatever its exit status. */
    Run run(String... command) throws Exception {
        return run(Map.of(), command);
    }

    private Run run(Map<String, String> overrides, String... command) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash"));
        cmd.addAll(List.of(command));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env());
        pb.environment().putAll(overrides);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES))
                .as(String.join(" ", command))
                .isTrue();
        return new Run(p.exitValue(), output);
    }

    /**
     * Uploads {@code jar} and runs it through the REST API (what the web UI's "Submit New Job" does):
     * Flink runs {@code main} inside the JobManager with its embedded executor, as in application
     * mode and as when a JobManager failover under HA runs {@code main} again. Returns the job id.
     */
    String runThroughJobManager(Path jar, String... args) throws Exception {
        Run upload = run(
                "-c",
                "curl -sS -X POST -H 'Expect:' -F \"jarfile=@" + jar.toAbsolutePath() + "\" http://127.0.0.1:"
                        + REST_PORT + "/jars/upload");
        assertThat(upload.status()).as(upload.output()).isZero();
        String filename = JSON.readTree(upload.output()).path("filename").asText();
        String jarId = Path.of(filename).getFileName().toString();
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + REST_PORT + "/jars/" + jarId + "/run"))
                        .timeout(Duration.ofMinutes(2))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                JSON.writeValueAsString(Map.of("programArgsList", List.of(args)))))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String job = JSON.readTree(response.body()).path("jobid").asText();
        awaitRunning(job);
        return job;
    }

    /** {@code flink run -d ...} that must be refused: its exit status and output. */
    Run submitRefused(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ops/flink", "run", "-d"));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(new String[0]));
    }

    /**
     * The sum over subtasks of the operator metric {@code metric} of the job's vertex whose name
     * contains {@code vertexName}, or -1 while the web UI does not show it yet.
     */
    long operatorMetricSum(String job, String vertexName, String metric) throws Exception {
        long sum = -1;
        for (JsonNode v : rest("/jobs/" + job).path("vertices")) {
            if (!v.path("name").asText().contains(vertexName)) {
                continue;
            }
            String vertex = "/jobs/" + job + "/vertices/" + v.path("id").asText() + "/metrics";
            List<String> ids = new ArrayList<>();
            for (JsonNode m : rest(vertex)) {
                if (m.path("id").asText().endsWith("." + metric)) {
                    ids.add(m.path("id").asText());
                }
            }
            if (ids.isEmpty()) {
                continue;
            }
            for (JsonNode m : rest(vertex + "?get=" + String.join(",", ids))) {
                sum = Math.max(sum, 0)
                        + (long) Double.parseDouble(m.path("value").asText());
            }
        }
        return sum;
    }

    /** The lines of the TaskManagers' logs that contain {@code text}. */
    List<String> taskManagerLogLines(String text) throws IOException {
        return logLines("taskmanager", text);
    }

    /** The lines of the JobManagers' logs that contain {@code text}. */
    List<String> jobManagerLogLines(String text) throws IOException {
        return logLines("jobmanager", text);
    }

    private List<String> logLines(String process, String text) throws IOException {
        List<String> lines = new ArrayList<>();
        try (var logs = Files.list(runDir.resolve("logs"))) {
            for (Path log : logs.filter(f -> f.getFileName().toString().startsWith(process)
                            && f.getFileName().toString().endsWith(".log"))
                    .sorted()
                    .toList()) {
                Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                        .filter(l -> l.contains(text))
                        .forEach(lines::add);
            }
        }
        return lines;
    }

    /** {@code flink run -d ...}: returns the job id. */
    String submit(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ops/flink", "run", "-d"));
        cmd.addAll(List.of(args));
        String output = ops(cmd.toArray(new String[0]));
        Matcher m = JOB_ID.matcher(output);
        assertThat(m.find()).as(output).isTrue();
        String job = m.group(1);
        awaitRunning(job);
        return job;
    }

    /** {@code flink stop --savepointPath DIR JOB}: returns the savepoint path. */
    String stopWithSavepoint(String job) throws Exception {
        return stopWithSavepoint(job, false);
    }

    /** The same, with {@code --drain} when asked: the final watermark goes through the job first. */
    String stopWithSavepoint(String job, boolean drain) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ops/flink", "stop", "--savepointPath", savepoints.toString()));
        if (drain) {
            cmd.add("--drain");
        }
        cmd.add(job);
        String output = ops(cmd.toArray(new String[0]));
        Matcher m = SAVEPOINT.matcher(output);
        assertThat(m.find()).as(output).isTrue();
        return m.group(1);
    }

    /**
     * The REST API of a JobManager. In the HA mode either one answers for the leader (a standby's REST
     * endpoint serves the leader's data), so this asks the first and falls back to the second, one of
     * which may just have been killed.
     */
    JsonNode rest(String path) throws IOException, InterruptedException {
        IOException failure = null;
        for (int port : highAvailability ? List.of(REST_PORT, REST_PORT_2) : List.of(REST_PORT)) {
            try {
                HttpResponse<String> response = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200 || !highAvailability) {
                    return JSON.readTree(response.body());
                }
                failure = new IOException(
                        "HTTP " + response.statusCode() + " from port " + port + ": " + response.body());
            } catch (IOException e) {
                failure = e;
            }
        }
        throw failure;
    }

    /** Running, with every task running (a submitted job first waits for slots and deploys). */
    void awaitRunning(String job) throws Exception {
        await(Duration.ofMinutes(2), "job " + job + " running", () -> {
            JsonNode j = restQuietly("/jobs/" + job);
            if (j == null || !"RUNNING".equals(j.path("state").asText())) {
                return false;
            }
            for (JsonNode v : j.path("vertices")) {
                if (!"RUNNING".equals(v.path("status").asText())) {
                    return false;
                }
            }
            return true;
        });
    }

    long completedCheckpoints(String job) {
        JsonNode c = restQuietly("/jobs/" + job + "/checkpoints");
        return c == null ? 0 : c.path("counts").path("completed").asLong();
    }

    /** Id of the job's latest completed checkpoint, or 0. */
    long latestCompletedCheckpoint(String job) {
        JsonNode c = restQuietly("/jobs/" + job + "/checkpoints");
        return c == null ? 0 : c.path("latest").path("completed").path("id").asLong(0);
    }

    /** Trigger time (epoch ms) of the job's latest completed checkpoint, or 0. */
    long latestCheckpointTrigger(String job) {
        JsonNode c = restQuietly("/jobs/" + job + "/checkpoints");
        return c == null
                ? 0
                : c.path("latest").path("completed").path("trigger_timestamp").asLong(0);
    }

    /** When the job last entered {@code state} (epoch ms), or 0. */
    /** When the job last restored a checkpoint (epoch ms), or 0. */
    long latestRestore(String job) {
        JsonNode c = restQuietly("/jobs/" + job + "/checkpoints");
        return c == null
                ? 0
                : c.path("latest").path("restored").path("restore_timestamp").asLong(0);
    }

    long lastEntered(String job, String state) {
        JsonNode j = restQuietly("/jobs/" + job);
        return j == null ? 0 : j.path("timestamps").path(state).asLong(0);
    }

    /** Failures in the job's exception history (what on-call sees under "Exceptions"). */
    int failures(String job) throws Exception {
        return rest("/jobs/" + job + "/exceptions")
                .path("exceptionHistory")
                .path("entries")
                .size();
    }

    /** Metric ids of the job's operator whose name contains {@code vertexName}. */
    List<String> metricIds(String job, String vertexName) throws Exception {
        List<String> ids = new ArrayList<>();
        for (JsonNode v : rest("/jobs/" + job).path("vertices")) {
            if (v.path("name").asText().contains(vertexName)) {
                for (JsonNode m :
                        rest("/jobs/" + job + "/vertices/" + v.path("id").asText() + "/metrics")) {
                    ids.add(m.path("id").asText());
                }
            }
        }
        return ids;
    }

    List<String> metricIdsQuietly(String job, String vertexName) {
        try {
            return metricIds(job, vertexName);
        } catch (Exception e) {
            return List.of();
        }
    }

    private JsonNode restQuietly(String path) {
        try {
            return rest(path);
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(200); // polling interval of a wait with a deadline
        }
    }

    @Override
    public void close() throws Exception {
        // Stop only what the scripts started; keep going if one part is already down.
        for (String script : List.of("ops/flink-stop.sh", "ops/kafka-stop.sh", "ops/zookeeper-stop.sh")) {
            ProcessBuilder pb = new ProcessBuilder("bash", script)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().putAll(env());
            pb.start().waitFor(5, TimeUnit.MINUTES);
        }
    }
}
