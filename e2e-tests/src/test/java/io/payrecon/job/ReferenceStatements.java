package io.payrecon.job;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * What the contract says the {@code statements} topic must hold, computed from the output records
 * themselves, written from the contract's text alone (none of the job's classes): every reconciled
 * record in the period of its {@code matched_time}, every exception but {@code MALFORMED_EVENT} in
 * the period of its {@code detected_time}, periods {@code [k x period, (k+1) x period)} from the
 * UTC epoch; per currency six counts and four exact sums (plain decimal text, as many fraction
 * digits as the largest scale summed, {@code "0"} over nothing), and the exceptions by type.
 *
 * <p>A test compares the job's final figures with it:
 *
 * <pre>{@code
 * assertThat(ReferenceStatements.latest(statementsRead))
 *         .isEqualTo(ReferenceStatements.of(expected.reconciled, expected.exceptions, periodMillis));
 * }</pre>
 *
 * Both sides are maps from {@code period_start}'s text to the statement without {@code revision},
 * as Jackson trees parsed from JSON text, so numbers compare by value and type as the parser reads
 * them, sums as text, and field order does not count.
 */
public final class ReferenceStatements {
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final long ONE_MINUTE = 60_000L;
    private static final long ONE_DAY = 86_400_000L;
    private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,18}(\\.[0-9]{1,8})?");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Set<String> UNMATCHED = Set.of("UNMATCHED_DEBIT", "UNMATCHED_CREDIT");
    private static final Set<String> MISMATCH = Set.of("AMOUNT_MISMATCH", "CURRENCY_MISMATCH", "KIND_MISMATCH");
    /** Contract v3: types whose currency gets a row that none of its figures counts. */
    private static final Set<String> ROW_ONLY = Set.of("OVER_REFUND", "ORDER_OVERFLOW");

    private static final Set<String> REVERSAL_KINDS = Set.of("refund", "chargeback");
    private static final Set<String> DUPLICATE = Set.of("DUPLICATE_DEBIT", "DUPLICATE_CREDIT");
    private static final String CONFLICT = "EVENT_ID_CONFLICT";
    private static final String INVALID_TRANSITION = "INVALID_TRANSITION";
    private static final String MALFORMED = "MALFORMED_EVENT";

    private ReferenceStatements() {}

    /** {@link #of(List, List, long)} over a {@link ReferenceOutput}'s records. */
    public static Map<String, JsonNode> of(ReferenceOutput expected, long periodMillis) {
        return of(expected.reconciled, expected.exceptions, periodMillis);
    }

    /**
     * The final statement (the figures of its highest revision, without {@code revision}) of every
     * period that holds a record, keyed by {@code period_start}'s text, in period order.
     *
     * @param reconciled records of the {@code reconciled} topic, as JSON text
     * @param exceptions records of the {@code exceptions} topic, as JSON text ({@code MALFORMED_EVENT}
     *     included or not: it belongs to no period)
     * @param periodMillis {@code --statement-period}: at least one minute, dividing one day
     * @throws IllegalArgumentException for a period the contract does not allow, or a record whose
     *     money breaks the contract (an exception type without its amount, or with one it must not
     *     have; an amount that is not the input's amount text)
     */
    public static Map<String, JsonNode> of(List<String> reconciled, List<String> exceptions, long periodMillis) {
        if (periodMillis < ONE_MINUTE || ONE_DAY % periodMillis != 0) {
            throw new IllegalArgumentException(
                    "a statement period is at least one minute and divides one day, got " + periodMillis + " ms");
        }
        Map<Long, Period> periods = new TreeMap<>();
        for (String text : reconciled) {
            JsonNode r = parse(text);
            Period period = periods.computeIfAbsent(
                    Math.floorDiv(millis(r, "matched_time", text), periodMillis), k -> new Period());
            Totals totals = period.currency(currency(r, text));
            totals.reconciledCount++;
            totals.reconciledAmount = totals.reconciledAmount.add(amount(r, text));
            // Contract v3's fields; a v2 record (without them) is the default movement's payment.
            if (r.hasNonNull("kind") && REVERSAL_KINDS.contains(text(r, "kind", text))) {
                totals.reversalCount++;
                totals.reversalAmount = totals.reversalAmount.add(amount(r, text));
            }
            if (r.hasNonNull("fee")) {
                totals.feeAmount = totals.feeAmount.add(new BigDecimal(text(r, "fee", text)));
            }
        }
        for (String text : exceptions) {
            JsonNode e = parse(text);
            String type = text(e, "type", text);
            if (MALFORMED.equals(type)) {
                requireNoMoney(e, text);
                continue;
            }
            Period period = periods.computeIfAbsent(
                    Math.floorDiv(millis(e, "detected_time", text), periodMillis), k -> new Period());
            period.exceptions.merge(type, 1L, Long::sum);
            if (UNMATCHED.contains(type)) {
                Totals totals = period.currency(currency(e, text));
                String state = text(e, "state", text);
                if ("OPEN".equals(state)) {
                    totals.unmatchedOpenCount++;
                    totals.unmatchedOpenAmount = totals.unmatchedOpenAmount.add(amount(e, text));
                } else if ("RESOLVED".equals(state)) {
                    totals.unmatchedResolvedCount++;
                    totals.unmatchedResolvedAmount = totals.unmatchedResolvedAmount.add(amount(e, text));
                } else {
                    throw new IllegalArgumentException("an unmatched exception is OPEN or RESOLVED: " + text);
                }
            } else if (MISMATCH.contains(type)) {
                amount(e, text);
                period.currency(currency(e, text)).mismatchCount++;
            } else if (DUPLICATE.contains(type)) {
                Totals totals = period.currency(currency(e, text));
                totals.duplicateCount++;
                totals.duplicateAmount = totals.duplicateAmount.add(amount(e, text));
            } else if (CONFLICT.equals(type)) {
                if (!isNull(e, "amount", text) || !isNull(e, "currency", text)) {
                    amount(e, text);
                    period.currency(currency(e, text)).conflictCount++;
                }
            } else if (ROW_ONLY.contains(type)) {
                if (!isNull(e, "currency", text)) {
                    period.currency(currency(e, text));
                }
            } else if (INVALID_TRANSITION.equals(type)) {
                requireNoMoney(e, text);
            } else {
                throw new IllegalArgumentException("not an exception type of the contract: " + text);
            }
        }
        Map<String, JsonNode> statements = new LinkedHashMap<>();
        for (Map.Entry<Long, Period> p : periods.entrySet()) {
            long start = p.getKey() * periodMillis;
            ObjectNode statement = JSON.createObjectNode();
            statement.put("period_start", Instant.ofEpochMilli(start).toString());
            statement.put(
                    "period_end", Instant.ofEpochMilli(start + periodMillis).toString());
            ObjectNode currencies = statement.putObject("currencies");
            p.getValue().currencies.forEach((code, totals) -> totals.writeTo(currencies.putObject(code)));
            ObjectNode byType = statement.putObject("exceptions");
            p.getValue().exceptions.forEach(byType::put);
            statements.put(statement.get("period_start").asText(), reparse(statement));
        }
        return statements;
    }

    /** The {@code period_start} texts the statements name (for waiting until every period is stated). */
    public static Set<String> periods(List<String> statements) {
        Set<String> starts = new HashSet<>();
        for (String text : statements) {
            try {
                JsonNode start = JSON.readTree(text).get("period_start");
                if (start != null) {
                    starts.add(start.asText());
                }
            } catch (JsonProcessingException e) {
                throw new AssertionError("a statement is not one JSON object: " + text, e);
            }
        }
        return starts;
    }

    /**
     * The current figure of every period in the statements the job wrote: checks that each period's
     * revisions are exactly 0, 1, ..., n, each once (no gap, no repeat, whatever the order they were
     * read in), and returns revision n's record without {@code revision}, keyed by {@code
     * period_start}'s text, in period order.
     *
     * @throws AssertionError when a record is not a JSON object with a {@code period_start} time and
     *     an integer {@code revision}, or a period's revisions are not 0..n exactly once
     */
    public static Map<String, JsonNode> latest(List<String> statements) {
        Map<String, TreeMap<Long, ObjectNode>> byPeriod = new HashMap<>();
        for (String text : statements) {
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new AssertionError("a statement is not one JSON object: " + text, e);
            }
            if (node == null || !node.isObject()) {
                throw new AssertionError("a statement is not a JSON object: " + text);
            }
            JsonNode start = node.get("period_start");
            JsonNode revision = node.get("revision");
            if (start == null
                    || !start.isTextual()
                    || revision == null
                    || !revision.isIntegralNumber()
                    || !revision.canConvertToLong()) {
                throw new AssertionError("a statement without a period_start text and an integer revision: " + text);
            }
            try {
                Instant.parse(start.asText());
            } catch (DateTimeParseException e) {
                throw new AssertionError("a statement whose period_start is not a time: " + text, e);
            }
            Map<Long, ObjectNode> revisions = byPeriod.computeIfAbsent(start.asText(), k -> new TreeMap<>());
            if (revisions.put(revision.asLong(), (ObjectNode) node) != null) {
                throw new AssertionError("period " + start.asText() + ": revision " + revision.asLong()
                        + " written more than once; the second: " + text);
            }
        }
        List<String> starts = new ArrayList<>(byPeriod.keySet());
        starts.sort(Comparator.comparing(Instant::parse));
        Map<String, JsonNode> latest = new LinkedHashMap<>();
        for (String start : starts) {
            TreeMap<Long, ObjectNode> revisions = byPeriod.get(start);
            if (revisions.firstKey() != 0 || revisions.lastKey() != revisions.size() - 1) {
                throw new AssertionError("period " + start + ": revisions " + revisions.keySet() + " are not 0.."
                        + revisions.lastKey() + " each once");
            }
            ObjectNode last = revisions.lastEntry().getValue().deepCopy();
            last.remove("revision");
            latest.put(start, last);
        }
        return latest;
    }

    private static final class Period {
        final Map<String, Totals> currencies = new TreeMap<>();
        final Map<String, Long> exceptions = new TreeMap<>();

        Totals currency(String code) {
            return currencies.computeIfAbsent(code, k -> new Totals());
        }
    }

    private static final class Totals {
        long reconciledCount;
        BigDecimal reconciledAmount = BigDecimal.ZERO;
        long unmatchedOpenCount;
        BigDecimal unmatchedOpenAmount = BigDecimal.ZERO;
        long unmatchedResolvedCount;
        BigDecimal unmatchedResolvedAmount = BigDecimal.ZERO;
        long mismatchCount;
        long duplicateCount;
        BigDecimal duplicateAmount = BigDecimal.ZERO;
        long conflictCount;
        long reversalCount;
        BigDecimal reversalAmount = BigDecimal.ZERO;
        BigDecimal feeAmount = BigDecimal.ZERO;

        /**
         * BigDecimal's sum has the largest scale of its terms and ZERO has scale 0: exactly the
         * contract's "as many fraction digits as the largest scale summed", "0" over nothing.
         */
        void writeTo(ObjectNode node) {
            node.put("reconciled_count", reconciledCount);
            node.put("reconciled_amount", reconciledAmount.toPlainString());
            node.put("unmatched_open_count", unmatchedOpenCount);
            node.put("unmatched_open_amount", unmatchedOpenAmount.toPlainString());
            node.put("unmatched_resolved_count", unmatchedResolvedCount);
            node.put("unmatched_resolved_amount", unmatchedResolvedAmount.toPlainString());
            node.put("mismatch_count", mismatchCount);
            node.put("duplicate_count", duplicateCount);
            node.put("duplicate_amount", duplicateAmount.toPlainString());
            node.put("conflict_count", conflictCount);
            node.put("reversal_count", reversalCount);
            node.put("reversal_amount", reversalAmount.toPlainString());
            node.put("fee_amount", feeAmount.toPlainString());
        }
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("not a JSON object: " + text);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not one JSON object: " + text, e);
        }
    }

    /** Through text and back, so that numbers are the nodes the parser makes of the job's records. */
    private static JsonNode reparse(ObjectNode node) {
        try {
            return JSON.readTree(JSON.writeValueAsString(node));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode record, String field, String text) {
        JsonNode value = record.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("no " + field + " text: " + text);
        }
        return value.asText();
    }

    private static long millis(JsonNode record, String field, String text) {
        try {
            return Instant.parse(text(record, field, text)).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " is not a time: " + text, e);
        }
    }

    private static BigDecimal amount(JsonNode record, String text) {
        String amount = text(record, "amount", text);
        if (!AMOUNT.matcher(amount).matches()) {
            throw new IllegalArgumentException("amount is not the input's amount text: " + text);
        }
        return new BigDecimal(amount);
    }

    private static String currency(JsonNode record, String text) {
        String currency = text(record, "currency", text);
        if (!CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency is not three upper-case letters: " + text);
        }
        return currency;
    }

    private static boolean isNull(JsonNode record, String field, String text) {
        JsonNode value = record.get(field);
        if (value == null) {
            throw new IllegalArgumentException("no " + field + " field (v2 writes it on every exception): " + text);
        }
        return value.isNull();
    }

    private static void requireNoMoney(JsonNode record, String text) {
        if (!isNull(record, "amount", text) || !isNull(record, "currency", text)) {
            throw new IllegalArgumentException("this exception type has no amount or currency: " + text);
        }
    }
}
