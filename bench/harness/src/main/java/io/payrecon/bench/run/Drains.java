package io.payrecon.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounded jobs that drain a pre-loaded topic into fresh output topics: measured (rates, and the
 * CPU of the JobManager and TaskManagers with the JIT compiler threads' share apart) or unmeasured,
 * to warm up a fresh TaskManager.
 */
final class Drains {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunContext run;

    Drains(RunContext run) {
        this.run = run;
    }

    /**
     * Drains 'reconciliation' with JAR, job NAME, and records its figures under {@code at.NAME} of
     * the results (such as throughput.drains.eo). Returns the rate from the first record.
     */
    long measure(String name, Path jar, String at, String... flags) {
        long cpu0 = run.cpu.flinkTicks();
        long jit0 = run.cpu.compileTicks();
        long t0 = System.currentTimeMillis();
        String id = submit("bench-" + name, name + "-submit.log", jar, List.of(flags));
        run.console.say(name + ": job " + id + " submitted in " + Console.since(t0) + ", waiting for FINISHED");
        run.jobs.waitForState(id, Duration.ofSeconds(600 + run.plan.events() / 1000), "FINISHED");
        long cpu1 = run.cpu.flinkTicks();
        long jit1 = run.cpu.compileTicks();
        JsonNode job = save(run.jobs.rest().get("/jobs/" + id), name + "-job.json");
        save(run.jobs.rest().get("/jobs/" + id + "/checkpoints"), name + "-checkpoints.json");
        long end = job.path("end-time").asLong();
        long source = run.jobs.sourceRunningMs(id);
        long records = job.path("vertices")
                .path(0)
                .path("metrics")
                .path("read-records")
                .asLong();
        if (records != run.loaded) {
            run.console.warn(name + " read " + records + " records, " + run.loaded + " were loaded");
        }
        DrainFigures f =
                new DrainFigures(records, t0, source, end, cpu1 - cpu0, jit1 - jit0, run.stack.clockTicksPerSecond());
        String drain = at + "." + name;
        Results r = run.results;
        r.text(drain + ".job_id", id);
        r.count(drain + ".records", records);
        r.figure(drain + ".rate", f.rate(), 0);
        r.figure(drain + ".rate_submit", f.rateFromSubmit(), 0);
        r.figure(drain + ".run_seconds", f.runSeconds(), 1);
        r.figure(drain + ".submit_seconds", f.submitSeconds(), 1);
        r.figure(drain + ".cpu_seconds", f.cpuSeconds(), 1);
        r.figure(drain + ".cpu_seconds_per_million", f.cpuSecondsPerMillion(), 1);
        r.figure(drain + ".cpu_seconds_compile", f.compileSeconds(), 1);
        r.figure(drain + ".cpu_seconds_per_million_without_compile", f.cpuSecondsPerMillionWithoutCompile(), 1);
        // The matching operator's cost counters (issue 22), published as accumulators when its input ended.
        JsonNode counts = save(run.jobs.rest().get("/jobs/" + id + "/accumulators"), name + "-accumulators.json");
        for (JsonNode a : counts.path("user-task-accumulators")) {
            r.parsed(
                    drain + ".operator_counts." + a.path("name").asText().replace('.', '_'),
                    a.path("value").asText());
        }
        run.console.say(name + ": " + Figures.text(f.rate(), 0) + " records/s from the first record ("
                + Figures.text(f.rateFromSubmit(), 0) + " from submit), " + Figures.text(f.cpuSecondsPerMillion(), 1)
                + " CPU s per million events (" + Figures.text(f.compileSeconds(), 1) + " CPU s compiling)");
        return Figures.rounded(f.rate(), 0).asLong();
    }

    /**
     * Drains the small 'warmup' topic, unmeasured. The TaskManager is a fresh JVM: without this the
     * first measured job pays for the JIT compiling Flink's, Kafka's and RocksDB's hot code (twice the
     * CPU and a third of the rate in a quick run).
     */
    void warm(String name, Path jar, String... flags) {
        long t0 = System.currentTimeMillis();
        List<String> more = new ArrayList<>(List.of("--input-topic", "warmup"));
        more.addAll(List.of(flags));
        String id = submit("warmup-" + name, "warmup-" + name + "-submit.log", jar, more);
        run.jobs.waitForState(id, Duration.ofSeconds(600), "FINISHED");
        run.jobs.waitSlotsFree();
        run.console.say("warm-up " + name + ": job " + id + " drained 'warmup' in " + Console.since(t0));
    }

    private String submit(String outputs, String log, Path jar, List<String> flags) {
        List<String> args = new ArrayList<>(run.settings.flinkOpts());
        args.add(jar.toString());
        args.addAll(run.jobFlags());
        args.add("--bounded");
        args.addAll(RunContext.outputs(outputs));
        args.addAll(flags);
        return run.submitter.submit(run.file(log), args);
    }

    private JsonNode save(JsonNode answer, String name) {
        try {
            JSON.writeValue(run.file(name).toFile(), answer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return answer;
    }
}
