package io.payrecon.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Compares two multisets of output records and, when they differ, says what is missing and what is extra. */
public final class RecordDiff {
    private RecordDiff() {}

    public static void assertSameRecords(String what, List<String> actual, List<String> expected) {
        Map<String, Integer> counts = new HashMap<>();
        expected.forEach(r -> counts.merge(r, 1, Integer::sum));
        List<String> extra = new ArrayList<>();
        for (String r : actual) {
            if (counts.merge(r, -1, Integer::sum) < 0) {
                extra.add(r);
            }
        }
        List<String> missing = new ArrayList<>();
        counts.forEach((r, n) -> {
            for (int i = 0; i < n; i++) {
                missing.add(r);
            }
        });
        assertThat(missing.size() + extra.size())
                .as(
                        "%s: %d expected, %d read; %d missing, e.g. %s; %d extra or duplicated, e.g. %s",
                        what,
                        expected.size(),
                        actual.size(),
                        missing.size(),
                        missing.subList(0, Math.min(3, missing.size())),
                        extra.size(),
                        extra.subList(0, Math.min(3, extra.size())))
                .isZero();
    }
}
