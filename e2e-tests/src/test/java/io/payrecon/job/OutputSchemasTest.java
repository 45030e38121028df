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
                    + "\"severity\":\"CRITICAL\",\"order_id\":\"o-42\",\"event_ids\":[\"e-1\"],\"detected_time\":\"2026-11-21T10:10:00Z\","
                    + "\"detail\":\"debit e-1 of 150000.00 IDR has no credit within 10m\",\"source\":null}";
    private static final String MALFORMED =
            "{\"exception_id\":\"malformed:reconciliation:3:1234\",\"type\":\"MALFORMED_EVENT\","
                    + "\"state\":\"OPEN\",\"severity\":\"WARNING\",\"order_id\":null,\"event_ids\":[],\"detected_time\":null,"
                    + "\"detail\":\"the value is not a JSON object\",\"source\":{\"raw\":\"[1]\",\"truncated\":false,"
                    + "\"topic\":\"reconciliation\",\"partition\":3,\"offset\":1234}}";
    private static final String RECONCILED =
            "{\"order_id\":\"o-42\",\"status\":\"RECONCILED\",\"amount\":\"150000.00\","
                    + "\"currency\":\"IDR\",\"debit_event_id\":\"e-1\",\"credit_event_id\":\"e-2\",\"debit_time\":\"2026-11-21T10:00:00Z\","
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
                        false));
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
                Arguments.of("late missing", RECONCILED.replace(",\"late\":false", ""), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reconciled")
    void reconciledSchema(String why, String record, boolean valid) {
        assertThat(OutputSchemas.errors(OutputSchemas.RECONCILED, record).isEmpty())
                .as(why)
                .isEqualTo(valid);
    }
}
