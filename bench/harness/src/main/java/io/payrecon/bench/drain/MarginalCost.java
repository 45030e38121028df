package io.payrecon.bench.drain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The marginal CPU per event of each stage: (big - small) / (big events - small events), in total
 * and per thread kind, averaged over the reps. The difference leaves out what a job pays once
 * (deploying, compiling its own class loader's code), so it is the cost of the extra events alone.
 */
final class MarginalCost {
    /** What the JobManager and the TaskManager cost together, beside the thread kinds. */
    static final String TOTAL = "(JM+TM)";

    private static final double SMALLEST = 0.05;

    private MarginalCost() {}

    /** A stage's marginal cost in one kind, in microseconds of CPU per event. */
    record Cost(String stage, String kind, double microsPerEvent) {
        String line() {
            return String.format(Locale.ROOT, "%-10s %-16s %6.2f", stage, kind, microsPerEvent);
        }
    }

    /** Costs of at least 0.05 µs per event (either sign), by stage, largest first within a stage. */
    static List<Cost> of(List<DrainLine> drains, long smallEvents, long bigEvents) {
        Map<String, Map<String, Double>> sums = new LinkedHashMap<>();
        Map<String, Integer> bigRuns = new LinkedHashMap<>();
        for (DrainLine drain : drains) {
            int sign = drain.topic().equals("big") ? 1 : -1;
            if (sign > 0) {
                bigRuns.merge(drain.stage(), 1, Integer::sum);
            }
            Map<String, Double> stage = sums.computeIfAbsent(drain.stage(), s -> new LinkedHashMap<>());
            stage.merge(TOTAL, sign * drain.cpuSeconds(), Double::sum);
            drain.threadSeconds().forEach((kind, seconds) -> stage.merge(kind, sign * seconds, Double::sum));
        }
        double millions = (bigEvents - smallEvents) / 1e6;
        List<Cost> costs = new ArrayList<>();
        sums.forEach((stage, kinds) -> kinds.forEach((kind, seconds) -> {
            double perEvent = seconds / bigRuns.getOrDefault(stage, 1) / millions;
            if (Math.abs(perEvent) >= SMALLEST) {
                costs.add(new Cost(stage, kind, perEvent));
            }
        }));
        costs.sort(Comparator.comparing(Cost::stage)
                .thenComparing(Comparator.comparingDouble(Cost::microsPerEvent).reversed()));
        return costs;
    }
}
