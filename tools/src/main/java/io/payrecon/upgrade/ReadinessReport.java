package io.payrecon.upgrade;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a sample of the input topic says about upgrading to contract v3: per {@link V3Difference},
 * how many records and the positions of the first few. Positions only (partition/offset), never a
 * value: records may hold card numbers.
 */
final class ReadinessReport {
    static final int EXAMPLES_PER_REASON = 5;

    private final Map<V3Difference, Long> counts = new EnumMap<>(V3Difference.class);
    private final Map<V3Difference, List<String>> examples = new EnumMap<>(V3Difference.class);
    private long records;
    private long differing;

    void add(int partition, long offset, Set<V3Difference> differences) {
        records++;
        if (differences.isEmpty()) {
            return;
        }
        differing++;
        for (V3Difference d : differences) {
            counts.merge(d, 1L, Long::sum);
            List<String> at = examples.computeIfAbsent(d, k -> new ArrayList<>());
            if (at.size() < EXAMPLES_PER_REASON) {
                at.add(partition + "/" + offset);
            }
        }
    }

    long records() {
        return records;
    }

    long differing() {
        return differing;
    }

    long count(V3Difference d) {
        return counts.getOrDefault(d, 0L);
    }

    /** The lines to print after the header: nothing to do, or one line per reason found. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        if (differing == 0) {
            lines.add(
                    "v3 reads every record as v2 did: no producer sends movement_id, kind or fee" + " in this sample");
            return lines;
        }
        lines.add("records v3 reads differently: " + differing + " of " + records);
        for (V3Difference d : V3Difference.values()) {
            long n = count(d);
            if (n > 0) {
                lines.add(String.format(
                        "  %-18s %-72s %8d   e.g. partition/offset %s",
                        d.becomesMalformed() ? "becomes malformed:" : "pairs differently:",
                        d.description(),
                        n,
                        String.join(", ", examples.get(d))));
            }
        }
        return lines;
    }
}
