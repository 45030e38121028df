package io.payrecon.bench.run;

import io.payrecon.bench.cpu.StackCpu;
import io.payrecon.bench.cpu.StackProcesses;
import io.payrecon.bench.flink.FlinkJobs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What every part of a run shares: the stack and its clients, the plan, the results, and what one
 * part measured that a later one needs (the records loaded, the exactly-once drain rate).
 */
final class RunContext {
    final BenchStack stack;
    final RunPlan plan;
    final BenchSettings settings;
    final Path dir;
    final Results results;
    final Console console;
    final FlinkJobs jobs;
    final StackProcesses processes;
    final StackCpu cpu;
    final Drivers drivers;
    final JobSubmitter submitter;

    /** Records pre-loaded into 'reconciliation' (the throughput part), what every drain must read. */
    long loaded = -1;
    /** The exactly-once drain's rate: the latency part runs at half of it. */
    Long exactlyOnceRate;
    /** Parallelism of the drained jobs: both slots of the TaskManager unless the scale part says. */
    int parallelism = 2;

    RunContext(
            BenchStack stack,
            RunPlan plan,
            BenchSettings settings,
            Path dir,
            Results results,
            Console console,
            FlinkJobs jobs,
            StackProcesses processes,
            StackCpu cpu,
            Drivers drivers,
            JobSubmitter submitter) {
        this.stack = stack;
        this.plan = plan;
        this.settings = settings;
        this.dir = dir;
        this.results = results;
        this.console = console;
        this.jobs = jobs;
        this.processes = processes;
        this.cpu = cpu;
        this.drivers = drivers;
        this.submitter = submitter;
    }

    /** The flags every job run shares: the local broker, the parallelism, then BENCH_JOB_FLAGS. */
    List<String> jobFlags() {
        List<String> flags = new ArrayList<>(
                List.of("--bootstrap-servers", stack.bootstrap(), "--parallelism", Integer.toString(parallelism)));
        flags.addAll(settings.jobFlags());
        return flags;
    }

    /** The job's output topics and its consumer group and transactional ids, all named NAME. */
    static List<String> outputs(String name) {
        return List.of(
                "--reconciled-topic", name + "-reconciled",
                "--exceptions-topic", name + "-exceptions",
                "--statements-topic", name + "-statements",
                "--group-id", name,
                "--transactional-id-prefix", name);
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    double ticksToSeconds(long ticks) {
        return ticks / stack.clockTicksPerSecond();
    }
}
