package io.payrecon.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One record of the {@code statements} topic as finance reads it (contract section 4 and 7): a
 * period, its revision, per currency the thirteen figures and the exceptions by type. Figures are
 * kept as exact decimals; a figure a statement lacks (one written before v3 has no reversals or
 * fees) reads as zero, and fields the contract does not name are ignored.
 */
public record PeriodStatement(
        Instant periodStart,
        Instant periodEnd,
        long revision,
        SortedMap<String, Map<String, BigDecimal>> currencies,
        SortedMap<String, Long> exceptions) {

    /** The per-currency figures in the contract's order; the counts are whole numbers. */
    public static final List<String> FIGURES = List.of(
            "reconciled_count",
            "reconciled_amount",
            "unmatched_open_count",
            "unmatched_open_amount",
            "unmatched_resolved_count",
            "unmatched_resolved_amount",
            "mismatch_count",
            "duplicate_count",
            "duplicate_amount",
            "conflict_count",
            "reversal_count",
            "reversal_amount",
            "fee_amount");

    private static final ObjectMapper JSON = new ObjectMapper();

    public PeriodStatement {
        currencies = Collections.unmodifiableSortedMap(new TreeMap<>(currencies));
        exceptions = Collections.unmodifiableSortedMap(new TreeMap<>(exceptions));
    }

    /** True for the figures that count records (JSON integers), false for the sums (decimal text). */
    public static boolean isCount(String figure) {
        return figure.endsWith("_count");
    }

    /**
     * Reads one record's value.
     *
     * @throws IllegalArgumentException when it is not a statement (the message says why)
     */
    public static PeriodStatement parse(byte[] value) {
        JsonNode root;
        try {
            root = JSON.readTree(new String(value, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        Instant start = time(root, "period_start");
        Instant end = time(root, "period_end");
        JsonNode revision = root.get("revision");
        if (revision == null || !revision.canConvertToExactIntegral() || revision.asLong() < 0) {
            throw new IllegalArgumentException("revision is not a whole number >= 0");
        }
        SortedMap<String, Map<String, BigDecimal>> currencies = new TreeMap<>();
        JsonNode cs = root.path("currencies");
        for (Iterator<Map.Entry<String, JsonNode>> it = cs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> c = it.next();
            Map<String, BigDecimal> figures = new LinkedHashMap<>();
            for (String f : FIGURES) {
                figures.put(f, decimal(c.getValue().get(f), c.getKey() + "." + f));
            }
            currencies.put(c.getKey(), figures);
        }
        SortedMap<String, Long> exceptions = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("exceptions").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().canConvertToExactIntegral()) {
                throw new IllegalArgumentException("exceptions." + e.getKey() + " is not a count");
            }
            exceptions.put(e.getKey(), e.getValue().asLong());
        }
        return new PeriodStatement(start, end, revision.asLong(), currencies, exceptions);
    }

    private static Instant time(JsonNode root, String field) {
        JsonNode n = root.get(field);
        if (n == null || !n.isTextual()) {
            throw new IllegalArgumentException(field + " is missing");
        }
        try {
            return Instant.parse(n.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not a UTC time: " + n.asText());
        }
    }

    private static BigDecimal decimal(JsonNode n, String name) {
        if (n == null || n.isNull()) {
            return BigDecimal.ZERO;
        }
        try {
            return n.isNumber() ? n.decimalValue() : new BigDecimal(n.asText());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is not a decimal: " + n.asText());
        }
    }
}
