package io.payrecon.bench.run;

import io.payrecon.bench.BenchAdmin;
import io.payrecon.bench.BenchReport;
import io.payrecon.bench.cpu.ProcFs;
import io.payrecon.bench.cpu.StackCpu;
import io.payrecon.bench.cpu.StackProcesses;
import io.payrecon.bench.flink.FlinkJobs;
import io.payrecon.bench.flink.FlinkRest;
import io.payrecon.bench.flink.Poller;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark once bench/run.sh has built the jars and started the stack: the job against its
 * ceiling and its SQL peer, its latency at half load, its state per open order, the compare and
 * scale-out parts, every figure into results.json, and the report rendered from it.
 *
 * <p>Takes bench/run.sh's own flags (the script passes them on); what the script knows about the
 * run comes as system properties: bench.results.dir (the run's directory, made by the script so
 * that it can keep the logs there whatever happens), bench.started.ms and bench.load.start (the
 * run's start, before the build), and those of {@link BenchStack}.
 */
@Command(
        name = "bench/run.sh",
        description = "Benchmarks the job on a fresh stack of its own (see bench/run.sh --help).")
public final class BenchRun implements Callable<Integer> {
    @Option(names = "--quick", description = "200,000 events, no SQL peer, latency 8 s at-least-once, 10,000 orders")
    boolean quick;

    @Option(names = "--events", paramLabel = "N", description = "N events (other sizes as without --quick)")
    Long events;

    @Option(
            names = "--only",
            paramLabel = "PARTS",
            description = "a subset: throughput, peer, latency, state, scale, compare (comma-separated)")
    String only;

    @Option(names = "--no-build", description = "use the jars already built (bench/run.sh acts on it)")
    boolean noBuild;

    /** Only checks the command line and the settings: bench/run.sh asks before it starts anything. */
    @Option(names = "--check", hidden = true)
    boolean checkOnly;

    private final List<String> commandLine;
    private final Map<String, String> env;
    private final Properties properties;
    private final Console console = Console.system("run.sh");

    BenchRun(List<String> commandLine, Map<String, String> env, Properties properties) {
        this.commandLine = commandLine;
        this.env = env;
        this.properties = properties;
    }

    public static void main(String[] args) {
        BenchRun run = new BenchRun(List.of(args), System.getenv(), System.getProperties());
        run.console.exitWith(run, args);
    }

    @Override
    public Integer call() {
        RunPlan plan;
        BenchSettings settings;
        try {
            settings = BenchSettings.from(env);
            plan = RunPlan.of(quick, events, only, settings.stateIdleFlush());
        } catch (IllegalArgumentException e) {
            console.warn("error: " + e.getMessage());
            return 2;
        }
        try {
            if (plan.wants("compare")) {
                ComparePart.check(settings);
            }
            return checkOnly ? 0 : measure(plan, settings);
        } catch (RuntimeException e) {
            console.warn("error: " + e.getMessage());
            return 1;
        }
    }

    private int measure(RunPlan plan, BenchSettings settings) {
        BenchStack stack = BenchStack.from(env, properties);
        Path dir = Path.of(properties.getProperty("bench.results.dir"));
        Results results = Results.create(dir.resolve("results.json"));
        String stamp = dir.getFileName().toString();
        results.text("stamp", stamp);
        results.text("mode", plan.mode());
        results.text("command", "bench/run.sh " + String.join(" ", commandLine));
        // The settings from the environment that a run used, for the report's command line.
        results.emptyObject("settings");
        settings.given().forEach((name, value) -> results.text("settings." + name, value));
        results.text("raw_outputs", stack.buildDir() + "/bench-results/" + stamp + "/");
        results.text("machine.load_start", properties.getProperty("bench.load.start", ""));

        ProcFs proc = ProcFs.system();
        StackProcesses processes = new StackProcesses(stack.runDir(), proc);
        RunContext run = new RunContext(
                stack,
                plan,
                settings,
                dir,
                results,
                console,
                new FlinkJobs(new FlinkRest(stack.restUrl()), Poller.system()),
                processes,
                new StackCpu(processes, proc),
                new Drivers(stack.opsDir(), System.out),
                new JobSubmitter(stack.opsDir()));
        // Every topic the runs write, created at once (one admin client instead of one per run).
        List<String> create = new ArrayList<>(List.of("create-topics", stack.bootstrap(), "12"));
        create.addAll(topics());
        run.drivers.run("256m", BenchAdmin.class, create, dir.resolve("create-topics.txt"), false);

        Drains drains = new Drains(run);
        if (plan.wants("throughput")) {
            new ThroughputPart(run, drains).run();
        }
        if (plan.wants("latency")) {
            new LatencyPart(run).run();
        }
        if (plan.wants("state")) {
            new StatePart(run).run();
        }
        if (plan.wants("compare")) {
            new ComparePart(run, drains).run();
        }
        if (plan.wants("scale")) {
            new ScalePart(run, drains).run();
        }
        return report(run);
    }

    /**
     * What the run ran on, then the report: BenchReport renders it from results.json alone and
     * replaces this mode's section of BENCHMARKS.md between its markers; other modes' sections stay.
     */
    private int report(RunContext run) {
        long started =
                Long.parseLong(properties.getProperty("bench.started.ms", Long.toString(System.currentTimeMillis())));
        run.results.figure("run_seconds", (System.currentTimeMillis() - started) / 1000.0, 0);
        RunFacts.record(run.results, run.stack.repo());
        com.fasterxml.jackson.databind.node.ArrayNode parts =
                com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        run.plan.parts().forEach(parts::add);
        run.results.set("parts", parts);

        console.step("report");
        Path benchmarks = run.stack.repo().resolve("BENCHMARKS.md");
        Path json = run.results.file();
        int status = BenchReport.run(
                new String[] {json.toString(), run.file("report.md").toString(), benchmarks.toString()},
                System.out,
                System.err);
        if (status == 0) {
            console.say("results written into " + benchmarks + " (" + run.plan.mode() + " section); all figures in "
                    + json);
        } else if (status == BenchReport.NO_MARKERS) {
            console.warn(benchmarks + " has no <!-- bench:" + run.plan.mode() + ":begin --> marker: results only in "
                    + run.file("report.md"));
        } else {
            throw new BenchFailure("rendering the report from " + json + " failed");
        }
        return 0;
    }

    /** Every topic a run may write, each drain's outputs included. */
    static List<String> topics() {
        List<String> topics = new ArrayList<>(List.of("reconciliation", "bench-copy", "warmup", "bench-copy-warmup"));
        List<String> outputs = List.of("reconciled", "exceptions", "statements");
        List<String> inputAndOutputs = List.of("input", "reconciled", "exceptions", "statements");
        for (String drain : List.of("eo", "al", "peer")) {
            outputs.forEach(o -> topics.add("bench-" + drain + "-" + o));
        }
        for (String warm : List.of("peer", "job")) {
            outputs.forEach(o -> topics.add("warmup-" + warm + "-" + o));
        }
        for (String latency : List.of("eo", "al")) {
            inputAndOutputs.forEach(o -> topics.add("lat-" + latency + "-" + o));
        }
        inputAndOutputs.forEach(o -> topics.add("state-" + o));
        for (String drain :
                List.of("profiled", "p1", "p2", "p2x2", "a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3", "b4", "b5")) {
            outputs.forEach(o -> topics.add("bench-" + drain + "-" + o));
        }
        for (String warm : List.of("b", "p2x2")) {
            outputs.forEach(o -> topics.add("warmup-" + warm + "-" + o));
        }
        return topics;
    }
}
