package io.payrecon.bench.run;

import io.payrecon.bench.BenchAdmin;
import io.payrecon.bench.BenchPreload;
import io.payrecon.bench.CopyCeiling;
import io.payrecon.bench.JfrTop;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Throughput: the ceiling (a plain Kafka copy of the same records), the job exactly-once and
 * at-least-once, a profiled drain, and the SQL peer, all draining the same pre-loaded topic.
 */
final class ThroughputPart {
    private final RunContext run;
    private final Drains drains;

    ThroughputPart(RunContext run, Drains drains) {
        this.run = run;
        this.drains = drains;
    }

    void run() {
        preload();
        ceiling();
        boolean peer = run.plan.wants("peer");
        Path jobJar = run.stack.jobJar();
        // The peer first and the job last: the job's measured runs follow its own warm-up directly
        // (a different job in between leaves shared Flink code compiled for other types).
        Jfr jfr = new Jfr(run);
        jfr.init();
        if (run.plan.warmupDrains()) {
            run.console.step(
                    "warm-up: " + (peer ? "the peer and " : "") + "the job drain the 'warmup' topic once, unmeasured");
            if (peer) {
                drains.warm("peer", run.stack.peerJar());
            }
            drains.warm("job", jobJar);
        }

        run.console.step("job, exactly-once");
        run.exactlyOnceRate = drains.measure("eo", jobJar, "throughput.drains");
        run.console.step("job, at-least-once");
        drains.measure("al", jobJar, "throughput.drains", "--delivery", "at-least-once");

        profile(jfr, jobJar);

        List<String> measured = new ArrayList<>(List.of("eo", "al"));
        if (peer) {
            run.console.step("peer: the same rules as Flink SQL (interval join, full outer), exactly-once");
            drains.measure("peer", run.stack.peerJar(), "throughput.drains");
            measured.add("peer");
        }
        countOutputs(measured);
    }

    private void preload() {
        run.console.step("pre-load: about " + Console.count(run.plan.events())
                + " generated events into 'reconciliation' (12 partitions)");
        // The small warm-up topic loads alongside (its rate is not reported).
        Process warmup = run.drivers.start(
                "1g",
                BenchPreload.class,
                List.of(run.stack.bootstrap(), "warmup", "mix", Long.toString(run.plan.warmupEvents())));
        DriverOutput main;
        try {
            main = run.drivers.run(
                    "2g",
                    BenchPreload.class,
                    List.of(run.stack.bootstrap(), "reconciliation", "mix", Long.toString(run.plan.events())),
                    run.file("preload.txt"),
                    true);
        } catch (RuntimeException e) {
            // Not left producing into a broker that is about to be killed.
            warmup.destroy();
            throw e;
        }
        run.loaded = Long.parseLong(main.result("records"));
        run.results.count("throughput.loaded", run.loaded);
        run.results.parsed("throughput.preload_rate", main.result("rate"));
        DriverOutput warm;
        try {
            warm = run.drivers.finish(warmup, BenchPreload.class, run.file("preload-warmup.txt"), false);
        } catch (BenchFailure e) {
            throw new BenchFailure("pre-loading the warm-up topic failed (see " + run.file("preload-warmup.txt") + ")");
        }
        run.console.say("warm-up topic: " + warm.result("records") + " records");
    }

    private void ceiling() {
        run.console.step("ceiling: plain Kafka consume + produce of the same records");
        DriverOutput out = run.drivers.run(
                "1g",
                CopyCeiling.class,
                List.of(run.stack.bootstrap(), "reconciliation", "bench-copy", "warmup", "bench-copy-warmup"),
                run.file("ceiling.txt"),
                true);
        for (String key : List.of("rate", "seconds", "cpu_seconds")) {
            run.results.parsed("throughput.ceiling." + key, out.result(key));
        }
    }

    /**
     * The profile from a drain of its own: the recorder's sampling cost (measured: a third more CPU
     * per event at 1,000,000 events) stays out of the figures of the other drains.
     */
    private void profile(Jfr jfr, Path jobJar) {
        run.console.step(
                "job, exactly-once again, with JFR on the TaskManager (the profile; its figures are not the job's)");
        Path recording = run.file("taskmanager-exactly-once.jfr");
        jfr.start(recording);
        drains.measure("profiled", jobJar, "profile_drain");
        jfr.stop();
        if (recording.toFile().length() > 0) {
            try {
                run.drivers.run(
                        "1g", JfrTop.class, List.of(recording.toString(), "12"), run.file("profile.json"), false);
                run.results.document("profile", run.file("profile.json"));
            } catch (RuntimeException e) {
                run.console.warn("JFR summary failed");
            }
        }
    }

    /**
     * What each drain wrote, read_committed: the check that the drains really happened (one client
     * for all topics, after the timed runs).
     */
    private void countOutputs(List<String> drains) {
        List<String> args = new ArrayList<>(List.of("count", run.stack.bootstrap()));
        for (String drain : drains) {
            args.add("bench-" + drain + "-reconciled");
            args.add("bench-" + drain + "-exceptions");
        }
        DriverOutput counts = run.drivers.run("512m", BenchAdmin.class, args, run.file("output-counts.txt"), false);
        for (String line : counts.lines()) {
            String[] topicAndCount = line.trim().split(" ");
            if (topicAndCount.length != 2) {
                continue;
            }
            String topic = topicAndCount[0];
            String drain = topic.substring("bench-".length(), topic.indexOf('-', "bench-".length()));
            String kind = topic.substring(topic.lastIndexOf('-') + 1);
            run.results.parsed("throughput.drains." + drain + "." + kind, topicAndCount[1]);
        }
    }
}
