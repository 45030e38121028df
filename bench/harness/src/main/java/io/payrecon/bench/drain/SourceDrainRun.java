package io.payrecon.bench.drain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.payrecon.bench.BenchAdmin;
import io.payrecon.bench.BenchPreload;
import io.payrecon.bench.SourceDrain;
import io.payrecon.bench.cpu.ProcFs;
import io.payrecon.bench.cpu.StackCpu;
import io.payrecon.bench.cpu.StackProcesses;
import io.payrecon.bench.cpu.ThreadKinds;
import io.payrecon.bench.cpu.ThreadTicks;
import io.payrecon.bench.flink.FlinkJobs;
import io.payrecon.bench.flink.FlinkRest;
import io.payrecon.bench.flink.Poller;
import io.payrecon.bench.run.BenchStack;
import io.payrecon.bench.run.Console;
import io.payrecon.bench.run.DrainFigures;
import io.payrecon.bench.run.Drivers;
import io.payrecon.bench.run.Figures;
import io.payrecon.bench.run.JobSubmitter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What each stage of the job's source half costs per event inside a TaskManager, once
 * bench/source-drain.sh has started the stack: {@link SourceDrain} drains a pre-loaded topic up to
 * a stage, and the real job drains it too, each on two topic sizes; the difference between them is
 * the cost of the extra events alone (see bench/source-drain.sh --help).
 *
 * <p>Outputs into the directory of system property bench.results.dir: every submit log and job,
 * the TaskManager's thread samples, summary.txt (one line per drain) and marginal.txt.
 */
@Command(name = "bench/source-drain.sh", description = "CPU per event of the job's source half, stage by stage.")
public final class SourceDrainRun implements Callable<Integer> {
    private static final List<String> STAGES =
            List.of("fetch", "decode", "watermarks", "split", "shuffle", "sink", "job-eo", "job-al");

    @Option(names = "--small", description = "events of the small topic (default 1,000,000)")
    long small = 1_000_000;

    @Option(names = "--big", description = "events of the big topic (default 5,000,000)")
    long big = 5_000_000;

    @Option(names = "--reps", description = "drains of each stage and size (default 1)")
    int reps = 1;

    @Option(
            names = "--big-only",
            description = "drain only the big topic (no marginal cost; the floor ratio needs only the big one)")
    boolean bigOnly;

    @Option(names = "--build", description = "build first (bench/source-drain.sh acts on it)")
    boolean build;

    @Parameters(
            paramLabel = "STAGE",
            description = "fetch decode watermarks split shuffle sink job-eo job-al; a job stage may carry job flags:"
                    + " job-eo+order-table-size=0+state-backend=hashmap")
    List<String> stages = new ArrayList<>(List.of("fetch", "decode", "split", "shuffle", "job-eo"));

    private final Console console = Console.system("source-drain.sh");
    private BenchStack stack;
    private Path out;
    private FlinkJobs jobs;
    private JobSubmitter submitter;
    private int runs;

    public static void main(String[] args) {
        SourceDrainRun run = new SourceDrainRun();
        run.console.exitWith(run, args);
    }

    @Override
    public Integer call() {
        for (String stage : stages) {
            if (!STAGES.contains(JobVariant.base(stage)) || (!stage.startsWith("job-") && stage.contains("+"))) {
                console.warn("error: unknown stage " + stage + " (see --help)");
                return 2;
            }
        }
        try {
            drainAll();
            return 0;
        } catch (RuntimeException e) {
            console.warn("error: " + e.getMessage());
            return 1;
        }
    }

    private void drainAll() {
        stack = BenchStack.from(System.getenv(), System.getProperties());
        out = Path.of(System.getProperty("bench.results.dir"));
        jobs = new FlinkJobs(new FlinkRest(stack.restUrl()), Poller.system());
        submitter = new JobSubmitter(stack.opsDir());
        ProcFs proc = ProcFs.system();
        StackProcesses processes = new StackProcesses(stack.runDir(), proc);
        StackCpu cpu = new StackCpu(processes, proc);
        Drivers drivers = new Drivers(stack.opsDir(), System.out);

        drivers.run(
                "256m",
                BenchAdmin.class,
                List.of(
                        "create-topics",
                        stack.bootstrap(),
                        "12",
                        "small",
                        "big",
                        "warmup",
                        "drain-reconciled",
                        "drain-exceptions",
                        "drain-statements"),
                out.resolve("create-topics.txt"),
                false);
        drivers.run(
                "1g",
                BenchPreload.class,
                List.of(stack.bootstrap(), "warmup", "mix", "30000"),
                out.resolve("preload-warmup.txt"),
                false);
        Map<String, Long> loaded =
                Map.of("small", preload(drivers, "small", small), "big", preload(drivers, "big", big));
        console.say("loaded " + loaded.get("small") + " and " + loaded.get("big") + " events");

        // Warm-up: each stage once on the small warm-up topic (the cluster's own classes get compiled).
        for (String stage : stages) {
            String id = submit(stage, "warmup");
            jobs.waitForState(id, Duration.ofSeconds(600), "FINISHED");
            jobs.waitSlotsFree();
        }
        long tm = processes.firstTaskManagerPid();
        List<DrainLine> lines = new ArrayList<>();
        for (int rep = 0; rep < reps; rep++) {
            for (String stage : stages) {
                for (String topic : bigOnly ? List.of("big") : List.of("small", "big")) {
                    String name = stage + "-" + topic + "-" + rep;
                    List<ThreadTicks> before = cpu.threads(tm);
                    write(
                            out.resolve("threads-" + name + ".before"),
                            before.stream().map(ThreadTicks::line).toList());
                    ThreadSampler sampler =
                            new ThreadSampler(() -> cpu.threads(tm), out.resolve("threads-" + name + ".polls"));
                    long cpu0 = cpu.flinkTicks();
                    long tm0 = cpu.taskManagerTicks();
                    long jit0 = cpu.compileTicks();
                    long broker0 = cpu.processTicks("kafka");
                    String id;
                    long cpu1;
                    Ticks ticks;
                    try {
                        id = submit(stage, topic);
                        jobs.waitForState(id, Duration.ofSeconds(600 + big / 1000), "FINISHED");
                        cpu1 = cpu.flinkTicks();
                        ticks = new Ticks(
                                cpu.taskManagerTicks() - tm0,
                                cpu.compileTicks() - jit0,
                                cpu.processTicks("kafka") - broker0);
                    } catch (RuntimeException e) {
                        sampler.close();
                        throw e;
                    }
                    Map<String, Double> kinds =
                            ThreadKinds.secondsPerKind(before, sampler.stop(), stack.clockTicksPerSecond());
                    write(
                            out.resolve("threads-" + name + ".txt"),
                            kinds.entrySet().stream()
                                    .map(e -> e.getKey() + " " + Figures.text(e.getValue(), 2))
                                    .toList());
                    DrainLine line = measured(stage, topic, rep, id, cpu1 - cpu0, ticks, kinds, loaded.get(topic));
                    lines.add(line);
                    System.out.println(line.line());
                    append(out.resolve("summary.txt"), line.line());
                    jobs.waitSlotsFree();
                }
            }
        }
        List<String> ratios = FloorRatio.of(lines, "sink").stream()
                .map(FloorRatio.Ratio::line)
                .toList();
        if (!ratios.isEmpty()) {
            console.say("each stage against the floor (sink) on the big topic, per rep and median; outputs in " + out);
            ratios.forEach(System.out::println);
            write(out.resolve("floor-ratio.txt"), ratios);
        }
        if (bigOnly) {
            return;
        }
        console.say("marginal CPU per event (big - small), microseconds; outputs in " + out);
        List<String> marginal = MarginalCost.of(lines, loaded.get("small"), loaded.get("big")).stream()
                .map(MarginalCost.Cost::line)
                .collect(Collectors.toList());
        marginal.forEach(System.out::println);
        write(out.resolve("marginal.txt"), marginal);
    }

    /** CPU of one drain beside the JobManager's and TaskManagers' together, in clock ticks. */
    private record Ticks(long taskManagers, long compilers, long broker) {}

    private DrainLine measured(
            String stage,
            String topic,
            int rep,
            String id,
            long cpuTicks,
            Ticks ticks,
            Map<String, Double> kinds,
            long loaded) {
        JsonNode job = jobs.rest().get("/jobs/" + id);
        try {
            new ObjectMapper()
                    .writeValue(
                            out.resolve("job-" + stage + "-" + topic + "-" + rep + ".json")
                                    .toFile(),
                            job);
            // The matching operator's cost counters (issue 22), published as accumulators when its input ended.
            new ObjectMapper()
                    .writeValue(
                            out.resolve("accumulators-" + stage + "-" + topic + "-" + rep + ".json")
                                    .toFile(),
                            jobs.rest().get("/jobs/" + id + "/accumulators"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long records = job.path("vertices")
                .path(0)
                .path("metrics")
                .path("read-records")
                .asLong();
        if (records != loaded) {
            console.warn(stage + "-" + topic + "-" + rep + " read " + records + " records, " + loaded + " were loaded");
        }
        DrainFigures f = new DrainFigures(
                records,
                0,
                jobs.sourceRunningMs(id),
                job.path("end-time").asLong(),
                cpuTicks,
                0,
                stack.clockTicksPerSecond());
        Map<String, Double> printed = new java.util.LinkedHashMap<>();
        kinds.forEach((kind, seconds) -> printed.put(kind, DrainLine.twoDecimals(seconds)));
        return new DrainLine(
                stage,
                topic,
                rep,
                records,
                f.rate(),
                DrainLine.twoDecimals(f.cpuSeconds()),
                DrainLine.twoDecimals(f.cpuSecondsPerMillion()),
                DrainLine.twoDecimals(perMillion(ticks.taskManagers(), records)),
                DrainLine.twoDecimals(perMillion(ticks.compilers(), records)),
                DrainLine.twoDecimals(perMillion(ticks.broker(), records)),
                printed);
    }

    private double perMillion(long ticks, long records) {
        return records == 0 ? 0 : (double) ticks / stack.clockTicksPerSecond() / (records / 1e6);
    }

    private long preload(Drivers drivers, String topic, long events) {
        return Long.parseLong(drivers.run(
                        "2g",
                        BenchPreload.class,
                        List.of(stack.bootstrap(), topic, "mix", Long.toString(events)),
                        out.resolve("preload-" + topic + ".txt"),
                        false)
                .result("records"));
    }

    /** Submits STAGE on TOPIC: the job itself (job-eo, job-al) or SourceDrain up to the stage. */
    private String submit(String stage, String topic) {
        runs++;
        List<String> flags = List.of(
                "--bootstrap-servers",
                stack.bootstrap(),
                "--parallelism",
                "2",
                "--bounded",
                "--starting-offsets",
                "earliest",
                "--skip-preflight",
                "--input-topic",
                topic);
        List<String> args = new ArrayList<>();
        if (stage.startsWith("job-")) {
            args.add(stack.jobJar().toString());
            args.addAll(flags);
            args.addAll(JobVariant.flags(stage));
            args.addAll(List.of(
                    "--reconciled-topic",
                    "drain-reconciled",
                    "--exceptions-topic",
                    "drain-exceptions",
                    "--statements-topic",
                    "drain-statements",
                    "--group-id",
                    "drain-" + runs,
                    "--transactional-id-prefix",
                    "drain-" + runs,
                    "--delivery",
                    JobVariant.base(stage).equals("job-al") ? "at-least-once" : "exactly-once"));
        } else {
            args.addAll(List.of("-C", "file://" + stack.benchJar(), "-c", SourceDrain.class.getName()));
            args.add(stack.jobJar().toString());
            args.add(stage);
            args.addAll(flags);
            args.addAll(List.of(
                    "--group-id",
                    "drain-" + runs,
                    "--reconciled-topic",
                    "drain-reconciled",
                    "--transactional-id-prefix",
                    "drain-" + runs));
        }
        return submitter.submit(out.resolve("submit-" + runs + ".log"), args);
    }

    private static void write(Path file, List<String> lines) {
        try {
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void append(Path file, String line) {
        try {
            Files.writeString(
                    file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
