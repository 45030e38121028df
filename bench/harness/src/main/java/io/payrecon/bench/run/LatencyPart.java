package io.payrecon.bench.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.payrecon.bench.LatencyProbe;
import io.payrecon.bench.cpu.MachineTicks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Latency at half the measured exactly-once rate (or BENCH_LATENCY_RATE without the throughput
 * part): the job unbounded on a fresh input topic, the probe sending with event time = wall clock
 * and reading the reconciled topic read_committed; and where the CPU went meanwhile.
 */
final class LatencyPart {
    private final RunContext run;

    LatencyPart(RunContext run) {
        this.run = run;
    }

    void run() {
        long rate;
        Results r = run.results;
        if (run.exactlyOnceRate != null) {
            rate = Figures.rounded(run.exactlyOnceRate / 2.0, 0).asLong();
            r.text("latency.asked_rate_from", "half the exactly-once drain rate");
        } else {
            rate = run.settings.latencyRate();
            r.text("latency.asked_rate_from", "BENCH_LATENCY_RATE");
        }
        double outOfOrderness = BenchSettings.seconds(run.settings.outOfOrderness());
        double checkpointInterval = BenchSettings.seconds(run.settings.checkpointInterval());
        r.count("latency.asked_rate", rate);
        r.text("latency.out_of_orderness", run.settings.outOfOrderness());
        r.figure("latency.out_of_orderness_seconds", outOfOrderness, 3);
        r.text("latency.checkpoint_interval", run.settings.checkpointInterval());
        r.figure("latency.checkpoint_interval_seconds", checkpointInterval, 3);
        r.count("latency.duration_seconds", run.plan.latencySeconds());
        r.count("latency.warmup_seconds", run.plan.latencyWarmupSeconds());
        r.emptyObject("latency.runs");
        int margin = run.plan.latencyQuietMargin();
        if (run.plan.latencyModes().contains("eo")) {
            run.console.step("latency, exactly-once, at " + Console.count(rate) + " records/s");
            // Quiet for a checkpoint interval and more: exactly-once output comes at checkpoints.
            measure("eo", "exactly-once", rate, outOfOrderness + checkpointInterval + margin);
        }
        run.console.step("latency, at-least-once, at " + Console.count(rate) + " records/s");
        measure("al", "at-least-once", rate, outOfOrderness + margin);
    }

    private void measure(String name, String delivery, long rate, double quietSeconds) {
        List<String> args = new ArrayList<>();
        args.add(run.stack.jobJar().toString());
        args.addAll(run.jobFlags());
        args.addAll(List.of("--input-topic", "lat-" + name + "-input", "--starting-offsets", "earliest"));
        args.addAll(RunContext.outputs("lat-" + name));
        args.addAll(List.of(
                "--delivery",
                delivery,
                "--out-of-orderness",
                run.settings.outOfOrderness(),
                "--checkpoint-interval",
                run.settings.checkpointInterval(),
                "--idle-flush",
                "0"));
        String id = run.submitter.submit(run.file("lat-" + name + "-submit.log"), args);
        run.jobs.waitTasksRunning(id, Duration.ofSeconds(120));
        run.console.say("latency " + delivery + ": job " + id + " running; " + run.plan.latencySeconds() + " s at "
                + Console.count(rate) + " records/s (first " + run.plan.latencyWarmupSeconds() + " s not counted)");
        // Where the CPU went while the probe ran: the job (JobManager + TaskManager), the broker,
        // and the whole machine (the rest is mostly the probe's generator and producer).
        long flink0 = run.cpu.flinkTicks();
        long kafka0 = run.cpu.processTicks("kafka");
        MachineTicks machine0 = run.cpu.machineTicks();
        long t0 = System.currentTimeMillis();
        DriverOutput probe = run.drivers.run(
                "1g",
                LatencyProbe.class,
                List.of(
                        run.stack.bootstrap(),
                        "lat-" + name + "-input",
                        "lat-" + name + "-reconciled",
                        Long.toString(rate),
                        Integer.toString(run.plan.latencySeconds()),
                        Integer.toString(run.plan.latencyWarmupSeconds()),
                        Figures.text(quietSeconds, 0)),
                run.file("latency-" + name + ".txt"),
                true);
        long flink1 = run.cpu.flinkTicks();
        long kafka1 = run.cpu.processTicks("kafka");
        MachineTicks machine1 = run.cpu.machineTicks();
        double seconds = (System.currentTimeMillis() - t0) / 1000.0;
        String at = "latency.runs." + name;
        run.results.figure(at + ".cores_job", run.ticksToSeconds(flink1 - flink0) / seconds, 2);
        run.results.figure(at + ".cores_broker", run.ticksToSeconds(kafka1 - kafka0) / seconds, 2);
        run.results.figure(at + ".machine_busy_percent", machine1.busyPercentSince(machine0), 0);
        try {
            new ObjectMapper()
                    .writeValue(
                            run.file("lat-" + name + "-checkpoints.json").toFile(),
                            run.jobs.rest().get("/jobs/" + id + "/checkpoints"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        run.jobs.cancel(id, true);
        for (String key : List.of("rate", "pairs", "p50_ms", "p99_ms", "max_ms")) {
            run.results.parsed(at + "." + key, probe.result(key));
        }
    }
}
