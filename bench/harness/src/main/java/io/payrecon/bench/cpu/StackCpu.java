package io.payrecon.bench.cpu;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The CPU the benchmark counts, in clock ticks: the JobManager and every TaskManager (what a job
 * costs), any one of our processes (the broker), the TaskManagers' JIT compiler threads (what each
 * submitted job pays again for compiling the code of its own jar), and the whole machine.
 */
public final class StackCpu {
    private final StackProcesses processes;
    private final ProcFs proc;

    public StackCpu(StackProcesses processes, ProcFs proc) {
        this.processes = processes;
        this.proc = proc;
    }

    /** User + system ticks of the JobManager and of every live TaskManager. */
    public long flinkTicks() {
        List<String> names = new ArrayList<>();
        names.add("jobmanager");
        names.addAll(processes.liveTaskManagers());
        return processTicks(names.toArray(String[]::new));
    }

    /** User + system ticks of every live TaskManager (what the job's tasks cost, without the JobManager). */
    public long taskManagerTicks() {
        return processTicks(processes.liveTaskManagers().toArray(String[]::new));
    }

    /** User + system ticks of our processes NAME; a process that is not running counts 0. */
    public long processTicks(String... names) {
        long total = 0;
        for (String name : names) {
            OptionalLong pid = processes.pidOf(name);
            if (pid.isPresent()) {
                total += proc.process(pid.getAsLong()).map(ProcStat::ticks).orElse(0L);
            }
        }
        return total;
    }

    /** User + system ticks of the C1 and C2 compiler threads of every live TaskManager. */
    public long compileTicks() {
        long total = 0;
        for (String name : processes.liveTaskManagers()) {
            OptionalLong pid = processes.pidOf(name);
            if (pid.isPresent()) {
                total += compileTicks(proc.threads(pid.getAsLong()));
            }
        }
        return total;
    }

    public static long compileTicks(List<ThreadTicks> threads) {
        return threads.stream()
                .filter(t -> t.kind().equals(ThreadTicks.COMPILER_KIND))
                .mapToLong(ThreadTicks::ticks)
                .sum();
    }

    public MachineTicks machineTicks() {
        return proc.machine();
    }

    public List<ThreadTicks> threads(long pid) {
        return proc.threads(pid);
    }
}
