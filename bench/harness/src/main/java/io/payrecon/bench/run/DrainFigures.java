package io.payrecon.bench.run;

/**
 * A drain's figures from what was read around it: records, the submit, first-record and end times
 * (epoch ms), and the CPU ticks of the Flink processes and of their JIT compiler threads.
 */
public record DrainFigures(
        long records, long submitMs, long sourceRunningMs, long endMs, long cpuTicks, long compileTicks, double hz) {

    /** Records per second from the moment the source ran: the drain's rate. */
    public double rate() {
        return records / runSeconds();
    }

    /** Records per second from the submit, deployment included. */
    public double rateFromSubmit() {
        return records / submitSeconds();
    }

    public double runSeconds() {
        return (endMs - sourceRunningMs) / 1000.0;
    }

    public double submitSeconds() {
        return (endMs - submitMs) / 1000.0;
    }

    public double cpuSeconds() {
        return cpuTicks / hz;
    }

    public double compileSeconds() {
        return compileTicks / hz;
    }

    public double cpuSecondsPerMillion() {
        return cpuTicks / hz / (records / 1_000_000.0);
    }

    /** What the job's own code costs per event, without compiling its jar's classes again. */
    public double cpuSecondsPerMillionWithoutCompile() {
        return (cpuTicks - compileTicks) / hz / (records / 1_000_000.0);
    }
}
