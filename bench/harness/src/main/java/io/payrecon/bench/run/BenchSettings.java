package io.payrecon.bench.run;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's settings from the environment: BENCH_OUT_OF_ORDERNESS (default 2s) and
 * BENCH_CHECKPOINT_INTERVAL (default 10s) for the latency runs; BENCH_LATENCY_RATE for latency
 * without throughput; BENCH_JOB_FLAGS (job flags) and BENCH_FLINK_OPTS (-D settings for {@code
 * flink run}) for measuring a setting before and after; BENCH_COMPARE_JAR and BENCH_COMPARE_ROUNDS
 * for the compare part; BENCH_STATE_IDLE_FLUSH for the state part.
 */
public record BenchSettings(
        String outOfOrderness,
        String checkpointInterval,
        long latencyRate,
        List<String> jobFlags,
        List<String> flinkOpts,
        Path compareJar,
        int compareRounds,
        Long stateIdleFlush,
        Map<String, String> given) {

    /** The settings a run's report shows on its command line, in this order. */
    static final List<String> REPORTED = List.of(
            "BENCH_OUT_OF_ORDERNESS",
            "BENCH_CHECKPOINT_INTERVAL",
            "BENCH_LATENCY_RATE",
            "BENCH_JOB_FLAGS",
            "BENCH_FLINK_OPTS",
            "BENCH_COMPARE_JAR",
            "BENCH_COMPARE_ROUNDS");

    public static BenchSettings from(Map<String, String> env) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String name : REPORTED) {
            String value = env.get(name);
            if (value != null && !value.isEmpty()) {
                given.put(name, value);
            }
        }
        String rounds = env.getOrDefault("BENCH_COMPARE_ROUNDS", "");
        if (!rounds.isEmpty() && !rounds.matches("[1-5]")) {
            throw new IllegalArgumentException("BENCH_COMPARE_ROUNDS: 1 to 5, got '" + rounds + "'");
        }
        String rate = env.getOrDefault("BENCH_LATENCY_RATE", "");
        if (!rate.isEmpty() && !rate.matches("[0-9]+")) {
            throw new IllegalArgumentException("BENCH_LATENCY_RATE: records per second, got '" + rate + "'");
        }
        String idleFlush = env.getOrDefault("BENCH_STATE_IDLE_FLUSH", "");
        if (!idleFlush.isEmpty() && !idleFlush.matches("[0-9]+")) {
            throw new IllegalArgumentException("BENCH_STATE_IDLE_FLUSH: seconds, got '" + idleFlush + "'");
        }
        String compareJar = env.getOrDefault("BENCH_COMPARE_JAR", "");
        String outOfOrderness = nonEmpty(env.get("BENCH_OUT_OF_ORDERNESS"), "2s");
        String checkpointInterval = nonEmpty(env.get("BENCH_CHECKPOINT_INTERVAL"), "10s");
        seconds(outOfOrderness);
        seconds(checkpointInterval);
        return new BenchSettings(
                outOfOrderness,
                checkpointInterval,
                rate.isEmpty() ? 5000 : Long.parseLong(rate),
                words(env.get("BENCH_JOB_FLAGS")),
                words(env.get("BENCH_FLINK_OPTS")),
                compareJar.isEmpty() ? null : Path.of(compareJar),
                rounds.isEmpty() ? 3 : Integer.parseInt(rounds),
                idleFlush.isEmpty() ? null : Long.parseLong(idleFlush),
                given);
    }

    /** A duration as the job's flags take it, in seconds: 2s as 2, 500ms as 0.5, 1m as 60. */
    public static double seconds(String duration) {
        if (duration.matches("[0-9]+(\\.[0-9]+)?ms")) {
            return Double.parseDouble(duration.substring(0, duration.length() - 2)) / 1000;
        }
        if (duration.matches("[0-9]+(\\.[0-9]+)?s")) {
            return Double.parseDouble(duration.substring(0, duration.length() - 1));
        }
        if (duration.matches("[0-9]+m")) {
            return Long.parseLong(duration.substring(0, duration.length() - 1)) * 60.0;
        }
        throw new IllegalArgumentException("duration " + duration + ": use ms, s or m");
    }

    private static String nonEmpty(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }

    private static List<String> words(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.asList(value.trim().split("\\s+"));
    }
}
