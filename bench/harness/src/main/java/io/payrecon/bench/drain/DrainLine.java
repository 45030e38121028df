package io.payrecon.bench.drain;

import io.payrecon.bench.run.Figures;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One drain of source-drain: a stage on one topic size, its records, rate and CPU (JobManager and
 * TaskManager), and the TaskManager's CPU per thread kind. CPU figures are kept as printed (two
 * decimals): the marginal cost is computed from the summary's own figures.
 */
record DrainLine(
        String stage,
        String topic,
        int rep,
        long records,
        double rate,
        double cpuSeconds,
        double cpuSecondsPerMillion,
        double taskManagerCpuPerMillion,
        double jitCpuPerMillion,
        double brokerCpuPerMillion,
        Map<String, Double> threadSeconds) {

    /**
     * The summary line: "STAGE TOPIC REP records N rate R cpu_seconds C cpu_s_per_million M tm_s_per_million T
     * jit_s_per_million J broker_s_per_million B threads K=V,...". M is JobManager + TaskManagers, T the
     * TaskManagers alone, J their JIT compiler threads (within T), B the Kafka broker.
     */
    String line() {
        return String.format(
                Locale.ROOT,
                "%s %s %d records %d rate %.0f cpu_seconds %.2f cpu_s_per_million %.2f tm_s_per_million %.2f"
                        + " jit_s_per_million %.2f broker_s_per_million %.2f threads %s",
                stage,
                topic,
                rep,
                records,
                rate,
                cpuSeconds,
                cpuSecondsPerMillion,
                taskManagerCpuPerMillion,
                jitCpuPerMillion,
                brokerCpuPerMillion,
                threadSeconds.entrySet().stream()
                        .map(e -> e.getKey() + "=" + String.format(Locale.ROOT, "%.2f", e.getValue()))
                        .collect(Collectors.joining(",")));
    }

    /** As printed with two decimals (printf's rounding), so sums match the summary's figures. */
    static double twoDecimals(double value) {
        return Figures.rounded(value, 2).asDouble();
    }
}
