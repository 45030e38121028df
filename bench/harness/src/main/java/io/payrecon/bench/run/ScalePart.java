package io.payrecon.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.payrecon.bench.flink.RestException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Scale-out: the job at p=1 and p=2 on one TaskManager, then at p=2 over two TaskManagers of one
 * slot and half the memory each (the same managed memory per slot). Last, because it changes the
 * cluster's layout; the same pre-loaded topic, exactly-once.
 */
final class ScalePart {
    private static final Pattern TM_MEMORY =
            Pattern.compile("(?m)^taskmanager\\.memory\\.process\\.size: *([0-9]+)m *$");

    private final RunContext run;
    private final Drains drains;

    ScalePart(RunContext run, Drains drains) {
        this.run = run;
        this.drains = drains;
    }

    void run() {
        run.console.step(
                "scale-out: the job at p=1 and p=2 on one TaskManager, then at p=2 over two TaskManagers of one slot");
        run.results.count("scale.records", run.loaded);
        for (int p = 1; p <= 2; p++) {
            run.parallelism = p;
            run.jobs.waitSlotsFree();
            drains.measure("p" + p, run.stack.jobJar(), "scale.drains");
        }
        String halfMemory = halfTaskManagerMemory(read(run.stack.confDir().resolve("config.yaml")));
        run.results.text("scale.one_slot_memory", halfMemory);
        twoOneSlotTaskManagers(halfMemory);
        run.jobs
                .poller()
                .until(
                        Duration.ofSeconds(120),
                        Duration.ofMillis(500),
                        () -> {
                            try {
                                return isTwoOneSlotTaskManagers(run.jobs.overview())
                                        ? Optional.of(true)
                                        : Optional.empty();
                            } catch (RestException e) {
                                return Optional.empty();
                            }
                        },
                        () -> "the JobManager does not list exactly two TaskManagers of one slot after 120 s");
        run.console.say("two TaskManagers of one slot and " + halfMemory + " each: "
                + String.join(" ", run.processes.liveTaskManagers()));
        // Fresh JVMs: the warm-up drain first, as for the one-TaskManager layout.
        drains.warm("p2x2", run.stack.jobJar());
        drains.measure("p2x2", run.stack.jobJar(), "scale.drains");
    }

    /** Half of taskmanager.memory.process.size (in MiB) of the run's config.yaml, as "NNNm". */
    static String halfTaskManagerMemory(String configYaml) {
        Matcher m = TM_MEMORY.matcher(configYaml);
        if (!m.find()) {
            throw new BenchFailure("taskmanager.memory.process.size in config.yaml is not in MiB");
        }
        return Long.parseLong(m.group(1)) / 2 + "m";
    }

    static boolean isTwoOneSlotTaskManagers(JsonNode overview) {
        return overview.path("taskmanagers").asInt() == 2
                && overview.path("slots-total").asInt() == 2;
    }

    /** Starting and stopping processes stays with the ops/ scripts: bench/two-taskmanagers.sh. */
    private void twoOneSlotTaskManagers(String memory) {
        Path log = run.file("cluster.log");
        Path script = run.stack.benchDir().resolve("two-taskmanagers.sh");
        int status;
        try {
            Process process = new ProcessBuilder(List.of(script.toString(), memory))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            status = process.waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted while starting two one-slot TaskManagers");
        }
        if (status != 0) {
            throw new BenchFailure("starting two one-slot TaskManagers failed (see " + log + ")");
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
