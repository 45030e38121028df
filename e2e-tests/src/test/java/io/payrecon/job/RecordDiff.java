package io.payrecon.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares two multisets of output records and, when they differ, says what is missing, what is
 * extra, and for a missing and an extra record of the same identity (exception id and state, or
 * order, movement and debit of a reconciled record) which fields differ.
 */
public final class RecordDiff {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SHOWN = 20;

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
                        "%s: %d expected, %d read; %d missing, e.g. %s; %d extra or duplicated, e.g. %s%s",
                        what,
                        expected.size(),
                        actual.size(),
                        missing.size(),
                        missing.subList(0, Math.min(3, missing.size())),
                        extra.size(),
                        extra.subList(0, Math.min(3, extra.size())),
                        fieldDiffs(missing, extra))
                .isZero();
    }

    /** For each missing record an extra one of the same identity explains: the fields that differ. */
    private static String fieldDiffs(List<String> missing, List<String> extra) {
        Map<String, JsonNode> extraById = new LinkedHashMap<>();
        for (String r : extra) {
            JsonNode node = parse(r);
            if (node != null) {
                extraById.putIfAbsent(identity(node), node);
            }
        }
        StringBuilder b = new StringBuilder();
        int shown = 0;
        for (String r : missing) {
            JsonNode expected = parse(r);
            JsonNode read = expected == null ? null : extraById.get(identity(expected));
            if (read == null) {
                continue;
            }
            if (shown++ == SHOWN) {
                b.append("\n  ...");
                break;
            }
            b.append("\n  ").append(identity(expected)).append(':');
            TreeSet<String> names = new TreeSet<>();
            expected.fieldNames().forEachRemaining(names::add);
            read.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode e = expected.get(name);
                JsonNode a = read.get(name);
                if (e == null || !e.equals(a)) {
                    b.append(" ")
                            .append(name)
                            .append(" expected ")
                            .append(e)
                            .append(" read ")
                            .append(a)
                            .append(';');
                }
            }
        }
        return b.length() == 0 ? "" : "\nfields that differ:" + b;
    }

    private static String identity(JsonNode r) {
        if (r.has("exception_id")) {
            return r.path("exception_id").asText() + " " + r.path("state").asText();
        }
        StringBuilder id = new StringBuilder();
        for (Iterator<String> f =
                        List.of("order_id", "movement_id", "debit_event_id").iterator();
                f.hasNext(); ) {
            id.append(r.path(f.next()).asText()).append(f.hasNext() ? "/" : "");
        }
        return id.toString();
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (Exception e) {
            return null;
        }
    }
}
