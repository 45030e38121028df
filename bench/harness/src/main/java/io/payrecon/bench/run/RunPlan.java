package io.payrecon.bench.run;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What a run measures and at what sizes, from its command line: the full run (5,000,000 events,
 * latency 2 x 120 s, 1,000,000 open orders), {@code --quick} (for checking a change to the job:
 * 200,000 events, no SQL peer, latency at-least-once 8 s, 10,000 orders), {@code --events N} and
 * {@code --only PARTS}.
 *
 * @param mode the section of BENCHMARKS.md the report goes into: quick, full or custom
 * @param stateIdleFlush seconds: longer than submitting the state job, its baseline, the load and
 *     the peak, before event time jumps (BENCH_STATE_IDLE_FLUSH: more on a loaded machine, where
 *     the baseline alone can take 25 s)
 */
public record RunPlan(
        String mode,
        long events,
        List<String> parts,
        long warmupEvents,
        boolean warmupDrains,
        int latencySeconds,
        int latencyWarmupSeconds,
        int latencyQuietMargin,
        List<String> latencyModes,
        long stateOrders,
        long stateIdleFlush) {

    public static final Set<String> PARTS = Set.of("throughput", "peer", "latency", "state", "scale", "compare");
    static final long FULL_EVENTS = 5_000_000;

    /**
     * @param events null unless --events was given
     * @param only null unless --only was given
     * @param idleFlush BENCH_STATE_IDLE_FLUSH, null when not set
     */
    public static RunPlan of(boolean quick, Long events, String only, Long idleFlush) {
        if (events != null && events < 0) {
            throw new IllegalArgumentException("--events: a whole number, got '" + events + "'");
        }
        if (only != null) {
            for (String part : split(only)) {
                if (!PARTS.contains(part)) {
                    throw new IllegalArgumentException(
                            "--only: unknown part '" + part + "' (throughput, peer, latency, state, scale, compare)");
                }
            }
        }
        RunPlan plan;
        if (quick) {
            // The peer does not change with the job and is left out (its drain and warm-up would
            // double the throughput part). The job's warm-up drain stays: without it the first drain
            // ran at half its rate while the JIT compiled. Latency at-least-once only: the
            // exactly-once figure needs minutes of checkpoint intervals to mean anything, and it sits
            // well inside its target; the at-least-once one is the close call.
            plan = new RunPlan(
                    "quick",
                    events != null ? events : 200_000,
                    split(only != null ? only : "throughput,latency,state"),
                    30_000,
                    true,
                    8,
                    2,
                    1,
                    List.of("al"),
                    10_000,
                    idleFlush != null ? idleFlush : 12);
        } else {
            plan = new RunPlan(
                    events != null && events != FULL_EVENTS ? "custom" : "full",
                    events != null ? events : FULL_EVENTS,
                    split(only != null ? only : "throughput,peer,latency,state,scale"),
                    300_000,
                    true,
                    120,
                    20,
                    5,
                    List.of("eo", "al"),
                    1_000_000,
                    idleFlush != null ? idleFlush : 90);
        }
        if (!plan.wants("throughput")) {
            for (String part : List.of("peer", "scale", "compare")) {
                if (plan.wants(part)) {
                    throw new IllegalArgumentException(
                            "--only " + part + " needs throughput too (" + part + " drains the same pre-loaded topic)");
                }
            }
        }
        return plan;
    }

    public boolean wants(String part) {
        return parts.contains(part);
    }

    private static List<String> split(String list) {
        List<String> parts = new ArrayList<>();
        Arrays.stream(list.split(",")).filter(p -> !p.isEmpty()).forEach(parts::add);
        return parts;
    }
}
