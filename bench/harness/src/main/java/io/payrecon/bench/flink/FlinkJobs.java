package io.payrecon.bench.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the benchmark asks of the Flink cluster about its jobs, through the REST API: states and
 * waits with deadlines, cancelling, the moment records start to flow, metrics summed over
 * subtasks, and checkpoints and savepoints triggered and waited for.
 */
public final class FlinkJobs {
    private static final Set<String> TERMINAL = Set.of("FAILED", "CANCELED", "FINISHED");
    private static final Duration STATE_POLL = Duration.ofMillis(500);
    private static final Duration OPERATION_POLL = Duration.ofMillis(200);
    private static final Duration SLOTS_TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FlinkRest rest;
    private final Poller poller;

    public FlinkJobs(FlinkRest rest, Poller poller) {
        this.rest = rest;
        this.poller = poller;
    }

    public FlinkRest rest() {
        return rest;
    }

    public Poller poller() {
        return poller;
    }

    /** The job's state, or UNKNOWN while the REST API does not answer. */
    public String state(String id) {
        try {
            return rest.get("/jobs/" + id).path("state").asText("UNKNOWN");
        } catch (RestException e) {
            return "UNKNOWN";
        }
    }

    /**
     * Waits until the job is in one of {@code wanted}; a terminal state that is not wanted fails at
     * once, with the job's root exception.
     */
    public void waitForState(String id, Duration timeout, String... wanted) {
        List<String> states = Arrays.asList(wanted);
        String[] last = {"UNKNOWN"};
        poller.until(
                timeout,
                STATE_POLL,
                () -> {
                    String state = state(id);
                    last[0] = state;
                    if (states.contains(state)) {
                        return Optional.of(state);
                    }
                    if (TERMINAL.contains(state)) {
                        throw new JobFailedException("job " + id + " is " + state + ", waited for "
                                + String.join(" ", states) + rootException(id));
                    }
                    return Optional.empty();
                },
                () -> "job " + id + " still " + last[0] + " after " + timeout.toSeconds() + " s (waited for "
                        + String.join(" ", states) + ")");
    }

    /** Waits until every task of the job runs (the job turns RUNNING before its tasks deploy). */
    public void waitTasksRunning(String id, Duration timeout) {
        poller.until(
                timeout,
                STATE_POLL,
                () -> {
                    JsonNode job;
                    try {
                        job = rest.get("/jobs/" + id);
                    } catch (RestException e) {
                        return Optional.empty();
                    }
                    if (allTasksRunning(job)) {
                        return Optional.of(true);
                    }
                    if (TERMINAL.contains(job.path("state").asText())) {
                        throw new JobFailedException("job " + id + " ended before all tasks ran" + rootException(id));
                    }
                    return Optional.empty();
                },
                () -> "tasks of job " + id + " not all running after " + timeout.toSeconds() + " s");
    }

    /** Waits until every slot of the cluster is free (a cancelled job frees them asynchronously). */
    public void waitSlotsFree() {
        poller.until(
                SLOTS_TIMEOUT,
                STATE_POLL,
                () -> {
                    try {
                        return slotsAllFree(rest.get("/overview")) ? Optional.of(true) : Optional.empty();
                    } catch (RestException e) {
                        return Optional.empty();
                    }
                },
                () -> "slots not free after " + SLOTS_TIMEOUT.toSeconds() + " s");
    }

    /**
     * Cancels the job (what {@code flink cancel} sends) and, unless {@code wait} is false (the last
     * job of a run: the stack is killed next), waits until it is CANCELED and its slots are free.
     */
    public void cancel(String id, boolean wait) {
        try {
            rest.patch("/jobs/" + id + "?mode=cancel");
        } catch (RestException ignored) {
            // As the script did: the wait below tells whether the cancel took.
        }
        if (wait) {
            waitForState(id, Duration.ofSeconds(120), "CANCELED");
            waitSlotsFree();
        }
    }

    /**
     * The epoch ms at which the first subtask of the job's source started RUNNING: the moment records
     * start to flow (the job's own start-time is before scheduling and deployment).
     */
    public long sourceRunningMs(String id) {
        String vertex =
                rest.get("/jobs/" + id).path("vertices").path(0).path("id").asText();
        return earliestRunning(rest.get("/jobs/" + id + "/vertices/" + vertex + "/subtasktimes"));
    }

    /** The id of the job's first vertex whose name contains {@code name}. */
    public String vertexId(String id, String name) {
        return vertexId(rest.get("/jobs/" + id), name)
                .orElseThrow(() -> new JobFailedException("job " + id + " has no vertex named like '" + name + "'"));
    }

    /**
     * The metric (e.g. Reconcile_orders.events_in) summed over the vertex's subtasks, which list it as
     * "N.METRIC"; empty while it is not (yet) there.
     */
    public Optional<BigDecimal> metricSum(String id, String vertex, String metric) {
        String path = "/jobs/" + id + "/vertices/" + vertex + "/metrics";
        try {
            List<String> names = subtaskMetricNames(rest.get(path), metric);
            if (names.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(sumValues(rest.get(path + "?get=" + String.join(",", names))));
        } catch (RestException e) {
            return Optional.empty();
        }
    }

    /**
     * Triggers an asynchronous job operation (a checkpoint, a savepoint) and waits for it, as {@code
     * flink checkpoint} and {@code flink savepoint} do; every answer is appended to {@code log}.
     * Returns the operation's result.
     */
    public JsonNode operation(String path, String body, Path log) {
        JsonNode trigger = rest.post(path, body);
        append(log, trigger);
        String request = trigger.path("request-id").asText("");
        if (request.isEmpty()) {
            throw new JobFailedException("POST " + path + " answered no request id (see " + log + ")");
        }
        JsonNode done = poller.until(
                Duration.ofSeconds(600),
                OPERATION_POLL,
                () -> {
                    JsonNode answer = rest.get(path + "/" + request);
                    return "COMPLETED".equals(answer.path("status").path("id").asText())
                            ? Optional.of(answer)
                            : Optional.empty();
                },
                () -> path + " " + request + " not completed after 600 s");
        append(log, done);
        JsonNode operation = done.path("operation");
        JsonNode failure = operation.path("failure-cause");
        if (!failure.isMissingNode() && !failure.isNull()) {
            String cause = failure.path("serialized-throwable").asText(operation.toString());
            throw new JobFailedException(path + " failed: " + cause.substring(0, Math.min(300, cause.length())));
        }
        return operation;
    }

    /** A full (not incremental) checkpoint, waited for: its full state size in bytes. */
    public long fullCheckpoint(String id, Path log) {
        long checkpoint = operation("/jobs/" + id + "/checkpoints", "{\"checkpointType\":\"FULL\"}", log)
                .path("checkpointId")
                .asLong();
        // The statistics of a checkpoint reach the REST API a moment after the trigger says done.
        return poller.until(
                Duration.ofSeconds(60),
                OPERATION_POLL,
                () -> {
                    try {
                        JsonNode size = rest.get("/jobs/" + id + "/checkpoints/details/" + checkpoint)
                                .path("state_size");
                        return size.isNumber() ? Optional.of(size.asLong()) : Optional.empty();
                    } catch (RestException e) {
                        return Optional.empty();
                    }
                },
                () -> "no statistics for checkpoint " + checkpoint + " of " + id + " after 60 s");
    }

    /** A canonical savepoint into {@code dir}, the job running on: its directory. */
    public Path savepoint(String id, Path dir, Path log) {
        String body = JSON.createObjectNode()
                .put("target-directory", "file://" + dir)
                .put("cancel-job", false)
                .put("formatType", "CANONICAL")
                .toString();
        String location = operation("/jobs/" + id + "/savepoints", body, log)
                .path("location")
                .asText();
        return Path.of(location.replaceFirst("^file:", ""));
    }

    public JsonNode overview() {
        return rest.get("/overview");
    }

    // --- What the answers mean (static: tested on canned responses) -----------------------------

    static boolean allTasksRunning(JsonNode job) {
        JsonNode vertices = job.path("vertices");
        if (!vertices.isArray()) {
            return false;
        }
        for (JsonNode vertex : vertices) {
            if (!"RUNNING".equals(vertex.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    static boolean slotsAllFree(JsonNode overview) {
        long total = overview.path("slots-total").asLong(0);
        return total > 0 && overview.path("slots-available").asLong(-1) == total;
    }

    static long earliestRunning(JsonNode subtaskTimes) {
        long earliest = Long.MAX_VALUE;
        for (JsonNode subtask : subtaskTimes.path("subtasks")) {
            JsonNode running = subtask.path("timestamps").path("RUNNING");
            if (running.isNumber()) {
                earliest = Math.min(earliest, running.asLong());
            }
        }
        if (earliest == Long.MAX_VALUE) {
            throw new JobFailedException("no subtask of the source has a RUNNING time: " + subtaskTimes);
        }
        return earliest;
    }

    static Optional<String> vertexId(JsonNode job, String name) {
        for (JsonNode vertex : job.path("vertices")) {
            if (vertex.path("name").asText().contains(name)) {
                return Optional.of(vertex.path("id").asText());
            }
        }
        return Optional.empty();
    }

    static List<String> subtaskMetricNames(JsonNode metrics, String metric) {
        Pattern perSubtask = Pattern.compile("[0-9]+[.]" + Pattern.quote(metric));
        List<String> names = new ArrayList<>();
        for (JsonNode m : metrics) {
            String name = m.path("id").asText();
            if (perSubtask.matcher(name).matches()) {
                names.add(name);
            }
        }
        return names;
    }

    static BigDecimal sumValues(JsonNode values) {
        BigDecimal sum = BigDecimal.ZERO;
        for (JsonNode value : values) {
            sum = sum.add(new BigDecimal(value.path("value").asText()));
        }
        return sum;
    }

    private String rootException(String id) {
        try {
            String root = rest.get("/jobs/" + id + "/exceptions")
                    .path("root-exception")
                    .asText("");
            if (root.isEmpty()) {
                return "";
            }
            return "\n" + String.join("\n", root.lines().limit(20).toList());
        } catch (RestException e) {
            return "";
        }
    }

    private static void append(Path log, JsonNode answer) {
        try {
            Files.writeString(
                    log, answer + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A job failed, ended early, or the cluster answered something the benchmark cannot use. */
    public static final class JobFailedException extends RuntimeException {
        public JobFailedException(String message) {
            super(message);
        }
    }
}
