package io.payrecon.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The published schemas accept the contract's records and reject what the alerting tool must never see. */
class OutputSchemasTest {
    private static final String UNMATCHED =
            "{\"exception_id\":\"o-42:UNMATCHED_DEBIT\",\"type\":\"UNMATCHED_DEBIT\",\"state\":\"OPEN\","
                    + "\"severity\":\"CRITICAL\",\"order_id\":\"o-42\",\"movement_id\":null,\"event_ids\":[\"e-1\"],\"detected_time\":\"2026-11-21T10:10:00Z\","
                    + "\"detail\":\"debit e-1 of 150000.00 IDR has no credit within 10m\",\"amount\":\"150000.00\","
                    + "\"currency\":\"IDR\",\"source\":null}";
    private static final String MALFORMED =
            "{\"exception_id\":\"malformed:reconciliation:3:1234\",\"type\":\"MALFORMED_EVENT\","
                    + "\"state\":\"OPEN\",\"severity\":\"WARNING\",\"order_id\":null,\"movement_id\":null,\"event_ids\":[],\"detected_time\":null,"
                    + "\"detail\":\"the value is not a JSON object\",\"amount\":null,\"currency\":null,\"source\":{\"raw\":\"[1]\",\"truncated\":false,"
                    + "\"topic\":\"reconciliation\",\"partition\":3,\"offset\":1234}}";
    private static final String CONFLICT =
            "{\"exception_id\":\"o-42:EVENT_ID_CONFLICT:e-1\",\"type\":\"EVENT_ID_CONFLICT\",\"state\":\"OPEN\","
                    + "\"severity\":\"CRITICAL\",\"order_id\":\"o-42\",\"movement_id\":null,\"event_ids\":[\"e-1\"],\"detected_time\":\"2026-11-21T10:00:05Z\","
                    + "\"detail\":\"event e-1 was debit 150000.00 IDR at 2026-11-21T10:00:00Z, now debit 150001.00 IDR at "
                    + "2026-11-21T10:00:05Z\",\"amount\":\"150001.00\",\"currency\":\"IDR\",\"source\":null}";
    private static final String INVALID_TRANSITION =
            "{\"exception_id\":\"o-42:INVALID_TRANSITION:e-7\",\"type\":\"INVALID_TRANSITION\",\"state\":\"OPEN\","
                    + "\"severity\":\"WARNING\",\"order_id\":\"o-42\",\"movement_id\":null,\"event_ids\":[\"e-7\"],\"detected_time\":\"2026-11-21T10:05:00Z\","
                    + "\"detail\":\"order_shipped after order_cancelled\",\"amount\":null,\"currency\":null,\"source\":null}";
    /** The contract's statement example, as the job writes revision 0. */
    static final String STATEMENT =
            "{\"period_start\":\"2026-11-21T10:00:00Z\",\"period_end\":\"2026-11-21T11:00:00Z\",\"revision\":0,"
                    + "\"currencies\":{\"EUR\":{\"reconciled_count\":1204,\"reconciled_amount\":\"3200417.50\","
                    + "\"unmatched_open_count\":7,\"unmatched_open_amount\":\"21000.00\","
                    + "\"unmatched_resolved_count\":5,\"unmatched_resolved_amount\":\"9000.00\","
                    + "\"mismatch_count\":2,\"duplicate_count\":1,\"duplicate_amount\":\"150.00\",\"conflict_count\":0,\"reversal_count\":0,\"reversal_amount\":\"0\",\"fee_amount\":\"0\"}},"
                    + "\"exceptions\":{\"UNMATCHED_DEBIT\":12,\"AMOUNT_MISMATCH\":2,\"DUPLICATE_DEBIT\":1,"
                    + "\"INVALID_TRANSITION\":3}}";
    /** A currency whose only record is a conflict: every other count 0, every sum "0". */
    private static final String CONFLICT_ONLY =
            "{\"reconciled_count\":0,\"reconciled_amount\":\"0\",\"unmatched_open_count\":0,"
                    + "\"unmatched_open_amount\":\"0\",\"unmatched_resolved_count\":0,\"unmatched_resolved_amount\":\"0\","
                    + "\"mismatch_count\":0,\"duplicate_count\":0,\"duplicate_amount\":\"0\",\"conflict_count\":1,"
                    + "\"reversal_count\":0,\"reversal_amount\":\"0\",\"fee_amount\":\"0\"}";

    private static final String RECONCILED_ONLY =
            "{\"period_start\":\"2026-11-21T10:00:00Z\",\"period_end\":\"2026-11-21T11:00:00Z\",\"revision\":0,"
                    + "\"currencies\":{\"EUR\":"
                    + CONFLICT_ONLY
                            .replace("\"reconciled_count\":0", "\"reconciled_count\":1204")
                            .replace("\"reconciled_amount\":\"0\"", "\"reconciled_amount\":\"3200417.50\"")
                            .replace("\"conflict_count\":1", "\"conflict_count\":0")
                    + "},\"exceptions\":{}}";
    private static final String RECONCILED =
            "{\"order_id\":\"o-42\",\"movement_id\":null,\"kind\":\"payment\",\"status\":\"RECONCILED\","
                    + "\"amount\":\"150000.00\",\"fee\":null,\"currency\":\"IDR\",\"debit_event_id\":\"e-1\",\"credit_event_id\":\"e-2\",\"debit_time\":\"2026-11-21T10:00:00Z\","
                    + "\"credit_time\":\"2026-11-21T10:00:03.250Z\",\"matched_time\":\"2026-11-21T10:00:03.250Z\","
                    + "\"order_status\":\"order_payment_success\",\"late\":false}";

    static Stream<Arguments> exceptions() {
        return Stream.of(
                Arguments.of("the contract's unmatched example", UNMATCHED, true),
                Arguments.of("a malformed record from Kafka", MALFORMED, true),
                Arguments.of(
                        "a malformed record from a file",
                        MALFORMED.replace(
                                "\"topic\":\"reconciliation\",\"partition\":3,\"offset\":1234",
                                "\"file\":\"a.jsonl\",\"line\":7"),
                        true),
                Arguments.of(
                        "RESOLVED with both sides",
                        UNMATCHED.replace("OPEN", "RESOLVED").replace("[\"e-1\"]", "[\"e-1\",\"e-2\"]"),
                        true),
                Arguments.of("RESOLVED with one side", UNMATCHED.replace("OPEN", "RESOLVED"), false),
                Arguments.of(
                        "RESOLVED on a mismatch",
                        UNMATCHED
                                .replace("UNMATCHED_DEBIT", "AMOUNT_MISMATCH")
                                .replace("OPEN", "RESOLVED")
                                .replace("[\"e-1\"]", "[\"e-1\",\"e-2\"]"),
                        false),
                Arguments.of("a critical type marked WARNING", UNMATCHED.replace("CRITICAL", "WARNING"), false),
                Arguments.of(
                        "an unknown type",
                        UNMATCHED.replace("\"type\":\"UNMATCHED_DEBIT\"", "\"type\":\"LOST\""),
                        false),
                Arguments.of("a missing field", UNMATCHED.replace(",\"source\":null", ""), false),
                Arguments.of("an extra field", UNMATCHED.replace("\"source\":null", "\"source\":null,\"x\":1"), false),
                Arguments.of("a time with an offset", UNMATCHED.replace("10:10:00Z", "17:10:00+07:00"), false),
                Arguments.of(
                        "malformed without its source",
                        MALFORMED.replaceAll("\"source\":\\{.*\\}\\}$", "\"source\":null}"),
                        false),
                Arguments.of(
                        "a duplicate without the event id in its id",
                        UNMATCHED.replace("UNMATCHED_DEBIT", "DUPLICATE_DEBIT"),
                        false),
                // v2: money on every exception
                Arguments.of(
                        "a duplicate with the new side's amount",
                        UNMATCHED
                                .replace("o-42:UNMATCHED_DEBIT", "o-42:DUPLICATE_DEBIT:e-3")
                                .replace("UNMATCHED_DEBIT", "DUPLICATE_DEBIT")
                                .replace("[\"e-1\"]", "[\"e-3\"]"),
                        true),
                Arguments.of(
                        "a currency mismatch with the debit's amount",
                        UNMATCHED
                                .replace("UNMATCHED_DEBIT", "CURRENCY_MISMATCH")
                                .replace("[\"e-1\"]", "[\"e-1\",\"e-2\"]"),
                        true),
                Arguments.of("an invalid transition without money", INVALID_TRANSITION, true),
                Arguments.of("a missing amount", UNMATCHED.replace("\"amount\":\"150000.00\",", ""), false),
                Arguments.of("a missing currency", UNMATCHED.replace("\"currency\":\"IDR\",", ""), false),
                Arguments.of(
                        "a malformed record with an amount",
                        MALFORMED.replace(
                                "\"amount\":null,\"currency\":null", "\"amount\":\"1.00\",\"currency\":\"EUR\""),
                        false),
                Arguments.of(
                        "an invalid transition with an amount",
                        INVALID_TRANSITION.replace(
                                "\"amount\":null,\"currency\":null", "\"amount\":\"1.00\",\"currency\":\"EUR\""),
                        false),
                Arguments.of(
                        "an unmatched side without money",
                        UNMATCHED.replace("\"150000.00\"", "null").replace("\"IDR\"", "null"),
                        false),
                Arguments.of("an amount without a currency", UNMATCHED.replace("\"IDR\"", "null"), false),
                Arguments.of(
                        "a currency without an amount",
                        INVALID_TRANSITION.replace("\"currency\":null", "\"currency\":\"EUR\""),
                        false),
                Arguments.of("an amount as a number", UNMATCHED.replace("\"150000.00\"", "150000.00"), false),
                Arguments.of("an amount with an exponent", UNMATCHED.replace("\"150000.00\"", "\"1.5E5\""), false),
                Arguments.of("an amount of zero", UNMATCHED.replace("\"150000.00\"", "\"0.00\""), false),
                Arguments.of(
                        "an amount with nine fraction digits",
                        UNMATCHED.replace("\"150000.00\"", "\"1.000000001\""),
                        false),
                Arguments.of("a lower-case currency", UNMATCHED.replace("\"IDR\"", "\"idr\""), false),
                // v2: EVENT_ID_CONFLICT
                Arguments.of("a conflict on a debit", CONFLICT, true),
                Arguments.of(
                        "a conflict on a lifecycle event",
                        CONFLICT.replace(
                                "\"amount\":\"150001.00\",\"currency\":\"IDR\"", "\"amount\":null,\"currency\":null"),
                        true),
                Arguments.of("a conflict marked WARNING", CONFLICT.replace("CRITICAL", "WARNING"), false),
                Arguments.of("a conflict RESOLVED", CONFLICT.replace("OPEN", "RESOLVED"), false),
                Arguments.of(
                        "a conflict without the event id in its id",
                        CONFLICT.replace("o-42:EVENT_ID_CONFLICT:e-1", "o-42:EVENT_ID_CONFLICT"),
                        false),
                Arguments.of(
                        "a conflict with two event ids", CONFLICT.replace("[\"e-1\"]", "[\"e-1\",\"e-2\"]"), false),
                Arguments.of("a conflict with a source", CONFLICT.replace("\"source\":null", "\"source\":{}"), false),
                Arguments.of("a conflict with an amount but no currency", CONFLICT.replace("\"IDR\"", "null"), false),
                // v3
                Arguments.of(
                        "an unmatched side of a named movement",
                        UNMATCHED
                                .replace("o-42:UNMATCHED_DEBIT", "o-42:UNMATCHED_DEBIT:re_7")
                                .replace("\"movement_id\":null", "\"movement_id\":\"re_7\""),
                        true),
                Arguments.of(
                        "an over-refund with its excess",
                        UNMATCHED
                                .replace("o-42:UNMATCHED_DEBIT", "o-42:OVER_REFUND:IDR")
                                .replace("UNMATCHED_DEBIT", "OVER_REFUND")
                                .replace("[\"e-1\"]", "[\"e-1\",\"e-2\"]"),
                        true),
                Arguments.of(
                        "an over-refund RESOLVED",
                        UNMATCHED
                                .replace("o-42:UNMATCHED_DEBIT", "o-42:OVER_REFUND:IDR")
                                .replace("UNMATCHED_DEBIT", "OVER_REFUND")
                                .replace("OPEN", "RESOLVED")
                                .replace("[\"e-1\"]", "[\"e-1\",\"e-2\"]"),
                        true),
                Arguments.of(
                        "an over-refund with a movement id",
                        UNMATCHED
                                .replace("o-42:UNMATCHED_DEBIT", "o-42:OVER_REFUND:IDR")
                                .replace("UNMATCHED_DEBIT", "OVER_REFUND")
                                .replace("[\"e-1\"]", "[\"e-1\",\"e-2\"]")
                                .replace("\"movement_id\":null", "\"movement_id\":\"re_7\""),
                        false),
                Arguments.of(
                        "a kind mismatch",
                        UNMATCHED
                                .replace("o-42:UNMATCHED_DEBIT", "o-42:KIND_MISMATCH")
                                .replace("UNMATCHED_DEBIT", "KIND_MISMATCH")
                                .replace("[\"e-1\"]", "[\"e-1\",\"e-2\"]"),
                        true),
                Arguments.of(
                        "an order overflow",
                        UNMATCHED
                                .replace("o-42:UNMATCHED_DEBIT", "o-42:ORDER_OVERFLOW")
                                .replace("UNMATCHED_DEBIT", "ORDER_OVERFLOW"),
                        true),
                Arguments.of("no movement_id field", UNMATCHED.replace("\"movement_id\":null,", ""), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exceptions")
    void exceptionsSchema(String why, String record, boolean valid) {
        assertThat(OutputSchemas.errors(OutputSchemas.EXCEPTIONS, record).isEmpty())
                .as(why)
                .isEqualTo(valid);
    }

    static Stream<Arguments> reconciled() {
        return Stream.of(
                Arguments.of("the contract's example", RECONCILED, true),
                Arguments.of("no lifecycle status", RECONCILED.replace("\"order_payment_success\"", "null"), true),
                Arguments.of("an amount with a sign", RECONCILED.replace("\"150000.00\"", "\"-1\""), false),
                Arguments.of("an amount as a number", RECONCILED.replace("\"150000.00\"", "150000.00"), false),
                Arguments.of("a lower-case currency", RECONCILED.replace("IDR", "idr"), false),
                Arguments.of("late missing", RECONCILED.replace(",\"late\":false", ""), false),
                // v3: movements, kinds, fees
                Arguments.of(
                        "a refund movement with a fee",
                        RECONCILED
                                .replace("\"movement_id\":null", "\"movement_id\":\"re_7\"")
                                .replace("\"payment\"", "\"refund\"")
                                .replace("\"fee\":null", "\"fee\":\"0.00\""),
                        true),
                Arguments.of("an unknown kind", RECONCILED.replace("\"payment\"", "\"fee\""), false),
                Arguments.of("a fee as a number", RECONCILED.replace("\"fee\":null", "\"fee\":1.5"), false),
                Arguments.of("no movement_id field", RECONCILED.replace("\"movement_id\":null,", ""), false));
    }

    static Stream<Arguments> statements() {
        return Stream.of(
                Arguments.of("the contract's example", STATEMENT, true),
                Arguments.of("a later revision", STATEMENT.replace("\"revision\":0", "\"revision\":3"), true),
                Arguments.of(
                        "a period without money",
                        STATEMENT
                                .replaceAll(
                                        "\"currencies\":\\{.*\\}\\},\"exceptions\"", "\"currencies\":{},\"exceptions\"")
                                .replaceAll("\"exceptions\":\\{[^}]*\\}", "\"exceptions\":{\"INVALID_TRANSITION\":3}"),
                        true),
                Arguments.of("a period of reconciled records only", RECONCILED_ONLY, true),
                Arguments.of(
                        "a currency with only a conflict",
                        STATEMENT
                                .replace("\"EUR\":{", "\"JPY\":" + CONFLICT_ONLY + ",\"EUR\":{")
                                .replace(
                                        "\"INVALID_TRANSITION\":3", "\"INVALID_TRANSITION\":3,\"EVENT_ID_CONFLICT\":1"),
                        true),
                Arguments.of(
                        "a sum beyond 18 integer digits",
                        STATEMENT.replace("\"3200417.50\"", "\"12345678901234567890123.45\""),
                        true),
                Arguments.of("a period start with milliseconds", STATEMENT.replace("10:00:00Z", "10:00:00.500Z"), true),
                Arguments.of("an extra field", STATEMENT.replace("\"revision\":0", "\"revision\":0,\"x\":1"), false),
                Arguments.of(
                        "an extra field in a currency",
                        STATEMENT.replace("\"conflict_count\":0", "\"conflict_count\":0,\"conflict_amount\":\"0\""),
                        false),
                Arguments.of(
                        "a currency without one of its ten fields",
                        STATEMENT.replace(",\"conflict_count\":0", ""),
                        false),
                Arguments.of("no revision", STATEMENT.replace("\"revision\":0,", ""), false),
                Arguments.of("a negative revision", STATEMENT.replace("\"revision\":0", "\"revision\":-1"), false),
                Arguments.of("a revision as text", STATEMENT.replace("\"revision\":0", "\"revision\":\"0\""), false),
                Arguments.of("a sum with an exponent", STATEMENT.replace("\"3200417.50\"", "\"3.2004175E6\""), false),
                Arguments.of("a sum with a sign", STATEMENT.replace("\"150.00\"", "\"+150.00\""), false),
                Arguments.of("a negative sum", STATEMENT.replace("\"150.00\"", "\"-150.00\""), false),
                Arguments.of("a sum with a leading zero", STATEMENT.replace("\"150.00\"", "\"0150.00\""), false),
                Arguments.of("a sum with a separator", STATEMENT.replace("\"3200417.50\"", "\"3,200,417.50\""), false),
                Arguments.of("a sum as a number", STATEMENT.replace("\"3200417.50\"", "3200417.50"), false),
                Arguments.of(
                        "a count as text",
                        STATEMENT.replace("\"mismatch_count\":2", "\"mismatch_count\":\"2\""),
                        false),
                Arguments.of(
                        "a negative count", STATEMENT.replace("\"mismatch_count\":2", "\"mismatch_count\":-2"), false),
                Arguments.of(
                        "a sum over nothing that is not \"0\"",
                        RECONCILED_ONLY.replace(
                                "\"unmatched_open_amount\":\"0\"", "\"unmatched_open_amount\":\"5.00\""),
                        false),
                Arguments.of("a zero sum over records", RECONCILED_ONLY.replace("\"3200417.50\"", "\"0.00\""), false),
                Arguments.of(
                        "a currency with no record",
                        STATEMENT.replace(
                                "\"EUR\":{",
                                "\"JPY\":" + CONFLICT_ONLY.replace("\"conflict_count\":1", "\"conflict_count\":0")
                                        + ",\"EUR\":{"),
                        false),
                Arguments.of(
                        "v3: a currency carried only by an over-refund",
                        STATEMENT
                                .replace(
                                        "\"EUR\":{",
                                        "\"JPY\":"
                                                + CONFLICT_ONLY.replace("\"conflict_count\":1", "\"conflict_count\":0")
                                                + ",\"EUR\":{")
                                .replace("\"INVALID_TRANSITION\":3", "\"INVALID_TRANSITION\":3,\"OVER_REFUND\":1"),
                        true),
                Arguments.of("a lower-case currency", STATEMENT.replace("\"EUR\"", "\"eur\""), false),
                Arguments.of("a four-letter currency", STATEMENT.replace("\"EUR\"", "\"EURO\""), false),
                Arguments.of(
                        "MALFORMED_EVENT in the exceptions",
                        STATEMENT.replace("\"INVALID_TRANSITION\":3", "\"INVALID_TRANSITION\":3,\"MALFORMED_EVENT\":4"),
                        false),
                Arguments.of(
                        "a sum over nothing written 0.00",
                        RECONCILED_ONLY.replace("\"duplicate_amount\":\"0\"", "\"duplicate_amount\":\"0.00\""),
                        false),
                Arguments.of(
                        "an unknown exception type",
                        STATEMENT.replace("\"INVALID_TRANSITION\":3", "\"INVALID_TRANSITION\":3,\"LOST\":1"),
                        false),
                Arguments.of(
                        "a type with no exception listed",
                        STATEMENT.replace(
                                "\"INVALID_TRANSITION\":3", "\"INVALID_TRANSITION\":3,\"DUPLICATE_CREDIT\":0"),
                        false),
                Arguments.of(
                        "a conflict counted without its exception",
                        STATEMENT.replace("\"EUR\":{", "\"JPY\":" + CONFLICT_ONLY + ",\"EUR\":{"),
                        false),
                Arguments.of(
                        "a mismatch type without a mismatch count",
                        STATEMENT.replace("\"mismatch_count\":2", "\"mismatch_count\":0"),
                        false),
                Arguments.of(
                        "a mismatch count without a mismatch type",
                        STATEMENT.replace("\"AMOUNT_MISMATCH\":2,", ""),
                        false),
                Arguments.of(
                        "unmatched counts without an unmatched type",
                        STATEMENT.replace("\"UNMATCHED_DEBIT\":12,", ""),
                        false),
                Arguments.of(
                        "a duplicate type without a duplicate count",
                        STATEMENT.replace(
                                "\"duplicate_count\":1,\"duplicate_amount\":\"150.00\"",
                                "\"duplicate_count\":0,\"duplicate_amount\":\"0\""),
                        false),
                Arguments.of(
                        "an exception count as text",
                        STATEMENT.replace("\"INVALID_TRANSITION\":3", "\"INVALID_TRANSITION\":\"3\""),
                        false),
                Arguments.of(
                        "unmatched exceptions without a currency",
                        STATEMENT.replaceAll(
                                "\"currencies\":\\{.*\\}\\},\"exceptions\"", "\"currencies\":{},\"exceptions\""),
                        false),
                Arguments.of(
                        "a period with no record",
                        STATEMENT
                                .replaceAll(
                                        "\"currencies\":\\{.*\\}\\},\"exceptions\"", "\"currencies\":{},\"exceptions\"")
                                .replaceAll("\"exceptions\":\\{[^}]*\\}", "\"exceptions\":{}"),
                        false),
                Arguments.of("a time with an offset", STATEMENT.replace("11:00:00Z", "18:00:00+07:00"), false),
                Arguments.of("a time without a zone", STATEMENT.replace("11:00:00Z", "11:00:00"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statements")
    void statementsSchema(String why, String record, boolean valid) {
        assertThat(OutputSchemas.errors(OutputSchemas.STATEMENTS, record).isEmpty())
                .as(why)
                .isEqualTo(valid);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reconciled")
    void reconciledSchema(String why, String record, boolean valid) {
        assertThat(OutputSchemas.errors(OutputSchemas.RECONCILED, record).isEmpty())
                .as(why)
                .isEqualTo(valid);
    }
}
