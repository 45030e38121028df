package io.payrecon.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The statements oracle follows the contract's rules, and {@code latest} holds the job to "exactly once". */
class ReferenceStatementsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MINUTE = 60_000L;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;
    private static final String ZERO_TOTALS =
            "\"reconciled_count\":0,\"reconciled_amount\":\"0\",\"unmatched_open_count\":0,"
                    + "\"unmatched_open_amount\":\"0\",\"unmatched_resolved_count\":0,\"unmatched_resolved_amount\":\"0\","
                    + "\"mismatch_count\":0,\"duplicate_count\":0,\"duplicate_amount\":\"0\",\"conflict_count\":0,"
                    + "\"reversal_count\":0,\"reversal_amount\":\"0\",\"fee_amount\":\"0\"";

    private static int seq;

    /** A reconciled record as the contract shows it; the period goes by {@code matched_time}. */
    static String reconciled(String amount, String currency, String debitTime, String matchedTime) {
        ObjectNode r = JSON.createObjectNode();
        String order = "o-" + (++seq);
        r.put("order_id", order);
        r.put("status", "RECONCILED");
        r.put("amount", amount);
        r.put("currency", currency);
        r.put("debit_event_id", order + "-d");
        r.put("credit_event_id", order + "-c");
        r.put("debit_time", debitTime);
        r.put("credit_time", matchedTime);
        r.put("matched_time", matchedTime);
        r.putNull("order_status");
        r.put("late", false);
        return r.toString();
    }

    static String reconciled(String amount, String currency, String matchedTime) {
        return reconciled(amount, currency, matchedTime, matchedTime);
    }

    /** An exception record as v2 writes it; the period goes by {@code detected_time}. */
    static String exception(String type, String state, String amount, String currency, String detectedTime) {
        ObjectNode r = JSON.createObjectNode();
        String order = "o-" + (++seq);
        boolean withEventId =
                type.startsWith("DUPLICATE") || type.equals("INVALID_TRANSITION") || type.equals("EVENT_ID_CONFLICT");
        r.put("exception_id", order + ":" + type + (withEventId ? ":" + order + "-e" : ""));
        r.put("type", type);
        r.put("state", state);
        r.put("severity", type.equals("INVALID_TRANSITION") ? "WARNING" : "CRITICAL");
        r.put("order_id", order);
        r.putArray("event_ids").add(order + "-e");
        r.put("detected_time", detectedTime);
        r.put("detail", "test record");
        r.put("amount", amount);
        r.put("currency", currency);
        r.putNull("source");
        return r.toString();
    }

    static String exception(String type, String amount, String currency, String detectedTime) {
        return exception(type, "OPEN", amount, currency, detectedTime);
    }

    static String malformed() {
        return "{\"exception_id\":\"malformed:reconciliation:0:" + (++seq) + "\",\"type\":\"MALFORMED_EVENT\","
                + "\"state\":\"OPEN\",\"severity\":\"WARNING\",\"order_id\":null,\"event_ids\":[],\"detected_time\":null,"
                + "\"detail\":\"not JSON\",\"amount\":null,\"currency\":null,\"source\":{\"raw\":\"x\",\"truncated\":false,"
                + "\"topic\":\"reconciliation\",\"partition\":0,\"offset\":" + seq + "}}";
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    /** A statement without revision, from its parts. */
    static JsonNode statement(String start, String end, String currencies, String exceptions) {
        return json("{\"period_start\":\"" + start + "\",\"period_end\":\"" + end + "\",\"currencies\":{" + currencies
                + "},\"exceptions\":{" + exceptions + "}}");
    }

    /** One currency's ten fields: the zero totals with some fields replaced ("name":value pairs). */
    static String totals(String code, String... fields) {
        String t = ZERO_TOTALS;
        for (String field : fields) {
            String name = field.substring(0, field.indexOf(':') + 1);
            t = t.replaceAll(Pattern.quote(name) + "(\"[^\"]*\"|[0-9]+)", field.replace("$", "\\$"));
        }
        return "\"" + code + "\":{" + t + "}";
    }

    @Test
    void theContractsExample() {
        List<String> reconciled = new ArrayList<>();
        List<String> exceptions = new ArrayList<>();
        for (int i = 0; i < 1203; i++) {
            reconciled.add(reconciled("2658.00", "EUR", "2026-11-21T10:00:00Z", "2026-11-21T10:00:03.250Z"));
        }
        reconciled.add(reconciled("2843.50", "EUR", "2026-11-21T10:59:59.999Z"));
        for (int i = 0; i < 7; i++) {
            exceptions.add(exception("UNMATCHED_DEBIT", "OPEN", "3000.00", "EUR", "2026-11-21T10:10:00Z"));
        }
        for (int i = 0; i < 5; i++) {
            exceptions.add(exception("UNMATCHED_DEBIT", "RESOLVED", "1800.00", "EUR", "2026-11-21T10:20:00Z"));
        }
        exceptions.add(exception("AMOUNT_MISMATCH", "10.00", "EUR", "2026-11-21T10:30:00Z"));
        exceptions.add(exception("AMOUNT_MISMATCH", "12", "EUR", "2026-11-21T10:31:00Z"));
        exceptions.add(exception("DUPLICATE_DEBIT", "150.00", "EUR", "2026-11-21T10:40:00Z"));
        for (int i = 0; i < 3; i++) {
            exceptions.add(exception("INVALID_TRANSITION", null, null, "2026-11-21T10:50:00Z"));
        }
        exceptions.add(malformed());
        Collections.shuffle(reconciled, new Random(7));
        Collections.shuffle(exceptions, new Random(7));

        ObjectNode example = (ObjectNode) json(OutputSchemasTest.STATEMENT);
        example.remove("revision");
        assertThat(ReferenceStatements.of(reconciled, exceptions, HOUR))
                .isEqualTo(Map.of("2026-11-21T10:00:00Z", example));
    }

    static Stream<Arguments> periods() {
        return Stream.of(
                Arguments.of(
                        "the last millisecond of a period belongs to it",
                        HOUR,
                        List.of(reconciled("1.00", "EUR", "2026-11-21T10:59:59.999Z")),
                        List.of(),
                        Map.of(
                                "2026-11-21T10:00:00Z",
                                statement(
                                        "2026-11-21T10:00:00Z",
                                        "2026-11-21T11:00:00Z",
                                        totals("EUR", "\"reconciled_count\":1", "\"reconciled_amount\":\"1.00\""),
                                        ""))),
                Arguments.of(
                        "a period's end is the next period's start",
                        HOUR,
                        List.of(
                                reconciled("1.00", "EUR", "2026-11-21T10:00:00Z"),
                                reconciled("2.00", "EUR", "2026-11-21T11:00:00Z")),
                        List.of(exception("INVALID_TRANSITION", null, null, "2026-11-21T11:00:00Z")),
                        Map.of(
                                "2026-11-21T10:00:00Z",
                                statement(
                                        "2026-11-21T10:00:00Z",
                                        "2026-11-21T11:00:00Z",
                                        totals("EUR", "\"reconciled_count\":1", "\"reconciled_amount\":\"1.00\""),
                                        ""),
                                "2026-11-21T11:00:00Z",
                                statement(
                                        "2026-11-21T11:00:00Z",
                                        "2026-11-21T12:00:00Z",
                                        totals("EUR", "\"reconciled_count\":1", "\"reconciled_amount\":\"2.00\""),
                                        "\"INVALID_TRANSITION\":1"))),
                Arguments.of(
                        "a reconciled record goes by matched_time, not debit_time",
                        HOUR,
                        List.of(reconciled("5", "IDR", "2026-11-21T10:59:59Z", "2026-11-21T11:00:00.250Z")),
                        List.of(),
                        Map.of(
                                "2026-11-21T11:00:00Z",
                                statement(
                                        "2026-11-21T11:00:00Z",
                                        "2026-11-21T12:00:00Z",
                                        totals("IDR", "\"reconciled_count\":1", "\"reconciled_amount\":\"5\""),
                                        ""))),
                Arguments.of(
                        "an OPEN and its RESOLVED fall in the periods of their own detected_time",
                        HOUR,
                        List.of(),
                        List.of(
                                exception("UNMATCHED_CREDIT", "OPEN", "7.5", "USD", "2026-11-21T10:10:00Z"),
                                exception("UNMATCHED_CREDIT", "RESOLVED", "7.5", "USD", "2026-11-21T12:00:00Z")),
                        Map.of(
                                "2026-11-21T10:00:00Z",
                                statement(
                                        "2026-11-21T10:00:00Z",
                                        "2026-11-21T11:00:00Z",
                                        totals(
                                                "USD",
                                                "\"unmatched_open_count\":1",
                                                "\"unmatched_open_amount\":\"7.5\""),
                                        "\"UNMATCHED_CREDIT\":1"),
                                "2026-11-21T12:00:00Z",
                                statement(
                                        "2026-11-21T12:00:00Z",
                                        "2026-11-21T13:00:00Z",
                                        totals(
                                                "USD",
                                                "\"unmatched_resolved_count\":1",
                                                "\"unmatched_resolved_amount\":\"7.5\""),
                                        "\"UNMATCHED_CREDIT\":1"))),
                Arguments.of(
                        "periods before 1970 are aligned too",
                        HOUR,
                        List.of(reconciled("1", "EUR", "1969-12-31T23:59:59.999Z")),
                        List.of(),
                        Map.of(
                                "1969-12-31T23:00:00Z",
                                statement(
                                        "1969-12-31T23:00:00Z",
                                        "1970-01-01T00:00:00Z",
                                        totals("EUR", "\"reconciled_count\":1", "\"reconciled_amount\":\"1\""),
                                        ""))),
                Arguments.of(
                        "a one-day period is a UTC day",
                        DAY,
                        List.of(
                                reconciled("1", "EUR", "2026-11-21T00:00:00Z"),
                                reconciled("2", "EUR", "2026-11-21T23:59:59.999Z")),
                        List.of(exception("INVALID_TRANSITION", null, null, "2026-11-22T00:00:00Z")),
                        Map.of(
                                "2026-11-21T00:00:00Z",
                                statement(
                                        "2026-11-21T00:00:00Z",
                                        "2026-11-22T00:00:00Z",
                                        totals("EUR", "\"reconciled_count\":2", "\"reconciled_amount\":\"3\""),
                                        ""),
                                "2026-11-22T00:00:00Z",
                                statement(
                                        "2026-11-22T00:00:00Z",
                                        "2026-11-23T00:00:00Z",
                                        "",
                                        "\"INVALID_TRANSITION\":1"))),
                Arguments.of(
                        "fifteen-minute periods",
                        15 * MINUTE,
                        List.of(
                                reconciled("1", "EUR", "2026-11-21T10:14:59.999Z"),
                                reconciled("2", "EUR", "2026-11-21T10:15:00Z")),
                        List.of(),
                        Map.of(
                                "2026-11-21T10:00:00Z",
                                statement(
                                        "2026-11-21T10:00:00Z",
                                        "2026-11-21T10:15:00Z",
                                        totals("EUR", "\"reconciled_count\":1", "\"reconciled_amount\":\"1\""),
                                        ""),
                                "2026-11-21T10:15:00Z",
                                statement(
                                        "2026-11-21T10:15:00Z",
                                        "2026-11-21T10:30:00Z",
                                        totals("EUR", "\"reconciled_count\":1", "\"reconciled_amount\":\"2\""),
                                        ""))),
                Arguments.of(
                        "a 90-second period starts on half minutes",
                        90_000L,
                        List.of(reconciled("1", "EUR", "2026-11-21T10:01:30Z")),
                        List.of(),
                        Map.of(
                                "2026-11-21T10:01:30Z",
                                statement(
                                        "2026-11-21T10:01:30Z",
                                        "2026-11-21T10:03:00Z",
                                        totals("EUR", "\"reconciled_count\":1", "\"reconciled_amount\":\"1\""),
                                        ""))),
                Arguments.of(
                        "several currencies, each with all ten fields; a mismatch under the debit's currency",
                        HOUR,
                        List.of(
                                reconciled("100.00", "EUR", "2026-11-21T10:00:01Z"),
                                reconciled("150000", "IDR", "2026-11-21T10:00:02Z"),
                                reconciled("250000", "IDR", "2026-11-21T10:00:03Z")),
                        List.of(
                                exception("UNMATCHED_DEBIT", "OPEN", "300", "JPY", "2026-11-21T10:10:00Z"),
                                exception("CURRENCY_MISMATCH", "20.00", "USD", "2026-11-21T10:11:00Z"),
                                exception("DUPLICATE_CREDIT", "100.0", "EUR", "2026-11-21T10:12:00Z"),
                                exception("DUPLICATE_DEBIT", "0.05", "EUR", "2026-11-21T10:13:00Z"),
                                exception("EVENT_ID_CONFLICT", "1", "CHF", "2026-11-21T10:14:00Z"),
                                exception("EVENT_ID_CONFLICT", "2", "EUR", "2026-11-21T10:15:00Z"),
                                exception("EVENT_ID_CONFLICT", null, null, "2026-11-21T10:16:00Z"),
                                malformed()),
                        Map.of(
                                "2026-11-21T10:00:00Z",
                                statement(
                                        "2026-11-21T10:00:00Z",
                                        "2026-11-21T11:00:00Z",
                                        totals(
                                                        "EUR",
                                                        "\"reconciled_count\":1",
                                                        "\"reconciled_amount\":\"100.00\"",
                                                        "\"duplicate_count\":2",
                                                        "\"duplicate_amount\":\"100.05\"",
                                                        "\"conflict_count\":1")
                                                + ","
                                                + totals(
                                                        "IDR",
                                                        "\"reconciled_count\":2",
                                                        "\"reconciled_amount\":\"400000\"")
                                                + ","
                                                + totals(
                                                        "JPY",
                                                        "\"unmatched_open_count\":1",
                                                        "\"unmatched_open_amount\":\"300\"")
                                                + ","
                                                + totals("USD", "\"mismatch_count\":1")
                                                + ","
                                                + totals("CHF", "\"conflict_count\":1"),
                                        "\"UNMATCHED_DEBIT\":1,\"CURRENCY_MISMATCH\":1,\"DUPLICATE_CREDIT\":1,"
                                                + "\"DUPLICATE_DEBIT\":1,\"EVENT_ID_CONFLICT\":3"))),
                Arguments.of(
                        "a period without money has currencies {}",
                        HOUR,
                        List.of(),
                        List.of(
                                exception("INVALID_TRANSITION", null, null, "2026-11-21T10:00:00Z"),
                                exception("EVENT_ID_CONFLICT", null, null, "2026-11-21T10:00:00Z")),
                        Map.of(
                                "2026-11-21T10:00:00Z",
                                statement(
                                        "2026-11-21T10:00:00Z",
                                        "2026-11-21T11:00:00Z",
                                        "",
                                        "\"INVALID_TRANSITION\":1,\"EVENT_ID_CONFLICT\":1"))),
                Arguments.of(
                        "malformed input is in no period",
                        HOUR,
                        List.of(),
                        List.of(malformed(), malformed()),
                        Map.of()),
                Arguments.of("no records, no statements", HOUR, List.of(), List.of(), Map.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("periods")
    void periods(
            String why, long period, List<String> reconciled, List<String> exceptions, Map<String, JsonNode> expected) {
        assertThat(ReferenceStatements.of(reconciled, exceptions, period))
                .as(why)
                .isEqualTo(expected);
    }

    static Stream<Arguments> sums() {
        return Stream.of(
                Arguments.of("one amount keeps its text", List.of("1.10"), "1.10"),
                Arguments.of("the largest scale summed", List.of("1", "0.5", "2.250"), "3.750"),
                Arguments.of("whole amounts stay whole", List.of("100", "200"), "300"),
                Arguments.of("no trailing zero is cut", List.of("0.10", "0.90"), "1.00"),
                Arguments.of("leading zeros are not kept", List.of("007.50"), "7.50"),
                Arguments.of(
                        "the smallest amounts, exactly",
                        List.of("0.00000001", "0.00000001", "0.00000001"),
                        "0.00000003"),
                Arguments.of(
                        "beyond 18 integer digits",
                        Collections.nCopies(10, "999999999999999999.99999999"),
                        "9999999999999999999.99999990"),
                Arguments.of(
                        "beyond the range of a long",
                        Collections.nCopies(20, "999999999999999999"),
                        "19999999999999999980"),
                Arguments.of("no binary floating point", List.of("0.1", "0.2"), "0.3"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sums")
    void sums(String why, List<String> amounts, String sum) {
        List<String> reconciled = new ArrayList<>();
        List<String> exceptions = new ArrayList<>();
        for (String amount : amounts) {
            reconciled.add(reconciled(amount, "EUR", "2026-11-21T10:00:00Z"));
            exceptions.add(exception("UNMATCHED_DEBIT", "OPEN", amount, "EUR", "2026-11-21T10:00:00Z"));
            exceptions.add(exception("UNMATCHED_DEBIT", "RESOLVED", amount, "EUR", "2026-11-21T10:00:00Z"));
            exceptions.add(exception("DUPLICATE_DEBIT", amount, "EUR", "2026-11-21T10:00:00Z"));
        }
        JsonNode eur = ReferenceStatements.of(reconciled, exceptions, HOUR)
                .get("2026-11-21T10:00:00Z")
                .get("currencies")
                .get("EUR");
        assertThat(eur.get("reconciled_amount").textValue()).as(why).isEqualTo(sum);
        assertThat(eur.get("unmatched_open_amount").textValue()).as(why).isEqualTo(sum);
        assertThat(eur.get("unmatched_resolved_amount").textValue()).as(why).isEqualTo(sum);
        assertThat(eur.get("duplicate_amount").textValue()).as(why).isEqualTo(sum);
        assertThat(eur.get("reconciled_count").asLong()).isEqualTo(amounts.size());
    }

    static Stream<Arguments> notTheContract() {
        return Stream.of(
                Arguments.of("a period under one minute", List.of(), List.of(), 59_999L),
                Arguments.of("a period that does not divide a day", List.of(), List.of(), 7 * MINUTE),
                Arguments.of("a period over one day", List.of(), List.of(), 2 * DAY),
                Arguments.of(
                        "an unmatched side without its amount",
                        List.of(),
                        List.of(exception("UNMATCHED_DEBIT", null, null, "2026-11-21T10:00:00Z")),
                        HOUR),
                Arguments.of(
                        "an invalid transition with an amount",
                        List.of(),
                        List.of(exception("INVALID_TRANSITION", "1", "EUR", "2026-11-21T10:00:00Z")),
                        HOUR),
                Arguments.of(
                        "a conflict with an amount and no currency",
                        List.of(),
                        List.of(exception("EVENT_ID_CONFLICT", "1", null, "2026-11-21T10:00:00Z")),
                        HOUR),
                Arguments.of(
                        "an exception without the v2 money fields",
                        List.of(),
                        List.of(exception("INVALID_TRANSITION", null, null, "2026-11-21T10:00:00Z")
                                .replace("\"amount\":null,\"currency\":null,", "")),
                        HOUR),
                Arguments.of(
                        "an amount with an exponent",
                        List.of(reconciled("1E3", "EUR", "2026-11-21T10:00:00Z")),
                        List.of(),
                        HOUR),
                Arguments.of(
                        "an unknown exception type",
                        List.of(),
                        List.of(exception("LOST", "1", "EUR", "2026-11-21T10:00:00Z")),
                        HOUR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notTheContract")
    void rejectsWhatTheContractRulesOut(String why, List<String> reconciled, List<String> exceptions, long period) {
        assertThatThrownBy(() -> ReferenceStatements.of(reconciled, exceptions, period))
                .as(why)
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A statement record as the job would write it: the statement with a revision. */
    static String revision(JsonNode statement, long revision) {
        ObjectNode copy = ((ObjectNode) statement).deepCopy();
        copy.put("revision", revision);
        return copy.toString();
    }

    private static final JsonNode TEN = statement(
            "2026-11-21T10:00:00Z",
            "2026-11-21T11:00:00Z",
            totals("EUR", "\"reconciled_count\":1", "\"reconciled_amount\":\"1.00\""),
            "");
    private static final JsonNode TEN_REVISED = statement(
            "2026-11-21T10:00:00Z",
            "2026-11-21T11:00:00Z",
            totals("EUR", "\"reconciled_count\":2", "\"reconciled_amount\":\"3.00\""),
            "");
    private static final JsonNode TEN_REVISED_TWICE = statement(
            "2026-11-21T10:00:00Z",
            "2026-11-21T11:00:00Z",
            totals("EUR", "\"reconciled_count\":2", "\"reconciled_amount\":\"3.00\""),
            "\"INVALID_TRANSITION\":1");
    private static final JsonNode ELEVEN =
            statement("2026-11-21T11:00:00Z", "2026-11-21T12:00:00Z", "", "\"INVALID_TRANSITION\":1");

    @Test
    void latestIsTheHighestRevisionWithoutIt() {
        List<String> read = List.of(
                revision(ELEVEN, 0), revision(TEN_REVISED_TWICE, 2), revision(TEN, 0), revision(TEN_REVISED, 1));
        assertThat(ReferenceStatements.latest(read))
                .isEqualTo(Map.of("2026-11-21T10:00:00Z", TEN_REVISED_TWICE, "2026-11-21T11:00:00Z", ELEVEN));
        assertThat(ReferenceStatements.latest(List.of())).isEmpty();
    }

    @Test
    void latestComparesWithTheReferenceRegardlessOfFieldOrder() {
        List<String> reconciled = List.of(reconciled("1.00", "EUR", "2026-11-21T10:00:00Z"));
        String written = "{\"revision\":0,\"exceptions\":{},\"currencies\":{\"EUR\":{\"fee_amount\":\"0\","
                + "\"reversal_amount\":\"0\",\"reversal_count\":0,\"conflict_count\":0,"
                + "\"duplicate_amount\":\"0\",\"duplicate_count\":0,\"mismatch_count\":0,\"unmatched_resolved_amount\":\"0\","
                + "\"unmatched_resolved_count\":0,\"unmatched_open_amount\":\"0\",\"unmatched_open_count\":0,"
                + "\"reconciled_amount\":\"1.00\",\"reconciled_count\":1}},\"period_end\":\"2026-11-21T11:00:00Z\","
                + "\"period_start\":\"2026-11-21T10:00:00Z\"}";
        assertThat(ReferenceStatements.latest(List.of(written)))
                .isEqualTo(ReferenceStatements.of(reconciled, List.of(), HOUR));
    }

    @Test
    void sumsCompareAsText() {
        List<String> reconciled = List.of(reconciled("1.00", "EUR", "2026-11-21T10:00:00Z"));
        Map<String, JsonNode> expected = ReferenceStatements.of(reconciled, List.of(), HOUR);
        String same = revision(expected.get("2026-11-21T10:00:00Z"), 0);
        assertThat(ReferenceStatements.latest(List.of(same.replace("\"1.00\"", "\"1.0\""))))
                .isNotEqualTo(expected);
        assertThat(ReferenceStatements.latest(List.of(same.replace("\"1.00\"", "1.00"))))
                .isNotEqualTo(expected);
        assertThat(ReferenceStatements.latest(List.of(same.replace("\"1.00\"", "\"1E0\""))))
                .isNotEqualTo(expected);
        assertThat(ReferenceStatements.latest(List.of(same))).isEqualTo(expected);
    }

    static Stream<Arguments> notExactlyOnce() {
        return Stream.of(
                Arguments.of("a gap", List.of(revision(TEN, 0), revision(TEN_REVISED_TWICE, 2))),
                Arguments.of("no revision 0", List.of(revision(TEN_REVISED, 1))),
                Arguments.of("revision 0 twice, the same record", List.of(revision(TEN, 0), revision(TEN, 0))),
                Arguments.of(
                        "a revision repeated",
                        List.of(revision(TEN, 0), revision(TEN_REVISED, 1), revision(TEN_REVISED_TWICE, 1))),
                Arguments.of("a gap in one period only", List.of(revision(ELEVEN, 0), revision(TEN, 1))),
                Arguments.of("a negative revision", List.of(revision(TEN, -1), revision(TEN, 0))),
                Arguments.of("no revision", List.of(TEN.toString())),
                Arguments.of(
                        "a revision as text",
                        List.of(revision(TEN, 0).replace("\"revision\":0", "\"revision\":\"0\""))),
                Arguments.of(
                        "a revision with a fraction",
                        List.of(revision(TEN, 0).replace("\"revision\":0", "\"revision\":0.0"))),
                Arguments.of("not JSON", List.of("{\"period_start\":")),
                Arguments.of("a repeated field", List.of(revision(TEN, 0).replaceFirst("\\{", "{\"revision\":1,"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notExactlyOnce")
    void latestRejects(String why, List<String> read) {
        assertThatThrownBy(() -> ReferenceStatements.latest(read)).as(why).isInstanceOf(AssertionError.class);
    }

    @Test
    void everyReferenceStatementConformsToThePublishedSchema() {
        List<String> written = new ArrayList<>();
        for (Arguments a : (Iterable<Arguments>) periods()::iterator) {
            Object[] args = a.get();
            @SuppressWarnings("unchecked")
            Map<String, JsonNode> statements =
                    ReferenceStatements.of((List<String>) args[2], (List<String>) args[3], (Long) args[1]);
            statements.values().forEach(s -> written.add(revision(s, 0)));
        }
        assertThat(written).hasSizeGreaterThan(10);
        OutputSchemas.assertConform(OutputSchemas.STATEMENTS, written);
        assertThat(ReferenceStatements.latest(written.subList(0, 1))).hasSize(1);
    }
}
