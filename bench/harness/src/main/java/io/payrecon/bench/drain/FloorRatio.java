package io.payrecon.bench.drain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Each stage's CPU per million events against the floor's (issue 22: the job against a job that only
 * reads, decodes, keys and writes exactly-once), on the big topic, drain by drain: the stages of one
 * rep ran one after the other, so a rep's ratio compares neighbours in time, and the median over
 * reps is the figure. Four ways: JobManager and TaskManagers, the same without their JIT compiler
 * threads, the TaskManagers alone, and the broker (what the stage costs Kafka).
 */
final class FloorRatio {
    private FloorRatio() {}

    /** One stage's ratios to the floor: per rep, and their medians. */
    record Ratio(String stage, String measure, double[] perRep) {
        double median() {
            double[] sorted = perRep.clone();
            Arrays.sort(sorted);
            int n = sorted.length;
            return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        }

        String line() {
            StringBuilder reps = new StringBuilder();
            for (double r : perRep) {
                reps.append(reps.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.2f", r));
            }
            return String.format(Locale.ROOT, "%-40s %-22s median %.2fx  reps %s", stage, measure, median(), reps);
        }
    }

    private static final Map<String, ToDoubleFunction<DrainLine>> MEASURES = new LinkedHashMap<>();

    static {
        MEASURES.put("JM+TM", DrainLine::cpuSecondsPerMillion);
        MEASURES.put("JM+TM without JIT", d -> d.cpuSecondsPerMillion() - d.jitCpuPerMillion());
        MEASURES.put("TM only", DrainLine::taskManagerCpuPerMillion);
        MEASURES.put("broker", DrainLine::brokerCpuPerMillion);
    }

    /** Every stage but the floor against the floor, in the order the stages ran; empty without a floor. */
    static List<Ratio> of(List<DrainLine> drains, String floorStage) {
        Map<Integer, DrainLine> floors = new LinkedHashMap<>();
        Map<String, Map<Integer, DrainLine>> stages = new LinkedHashMap<>();
        for (DrainLine d : drains) {
            if (!d.topic().equals("big")) {
                continue;
            }
            if (d.stage().equals(floorStage)) {
                floors.put(d.rep(), d);
            } else {
                stages.computeIfAbsent(d.stage(), s -> new LinkedHashMap<>()).put(d.rep(), d);
            }
        }
        List<Ratio> ratios = new ArrayList<>();
        if (floors.isEmpty()) {
            return ratios;
        }
        stages.forEach((stage, byRep) -> MEASURES.forEach((measure, value) -> {
            List<Double> perRep = new ArrayList<>();
            byRep.forEach((rep, d) -> {
                DrainLine floor = floors.get(rep);
                if (floor != null && value.applyAsDouble(floor) > 0) {
                    perRep.add(value.applyAsDouble(d) / value.applyAsDouble(floor));
                }
            });
            if (!perRep.isEmpty()) {
                ratios.add(new Ratio(
                        stage,
                        measure,
                        perRep.stream().mapToDouble(Double::doubleValue).toArray()));
            }
        }));
        return ratios;
    }
}
