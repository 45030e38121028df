package io.payrecon.alerts;

import static io.payrecon.alerts.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExceptionEventTest {

    @Test
    void readsTheContractsExample() {
        String value = "{\"exception_id\":\"o-42:UNMATCHED_DEBIT\",\"type\":\"UNMATCHED_DEBIT\",\"state\":\"RESOLVED\","
                + "\"severity\":\"CRITICAL\",\"order_id\":\"o-42\",\"event_ids\":[\"e-1\",\"e-2\"],"
                + "\"detected_time\":\"2026-11-21T10:20:00Z\",\"detail\":\"credit came 10 minutes late\","
                + "\"amount\":\"150000.00\",\"currency\":\"IDR\",\"source\":null,"
                + "\"a_field_added_later\":{\"x\":1}}";
        ExceptionEvent e = ExceptionEvent.parse(value.getBytes(StandardCharsets.UTF_8), T0);
        assertThat(e)
                .isEqualTo(new ExceptionEvent(
                        "o-42:UNMATCHED_DEBIT",
                        "UNMATCHED_DEBIT",
                        ExceptionEvent.State.RESOLVED,
                        "CRITICAL",
                        "o-42",
                        List.of("e-1", "e-2"),
                        "2026-11-21T10:20:00Z",
                        "credit came 10 minutes late",
                        "150000.00",
                        "IDR",
                        null,
                        T0));
        assertThat(e.resolvable()).isTrue();
    }

    @Test
    void readsAnEventIdConflictThatNoRecordEverResolves() {
        String value = "{\"exception_id\":\"o-42:EVENT_ID_CONFLICT:e-1\",\"type\":\"EVENT_ID_CONFLICT\","
                + "\"state\":\"OPEN\",\"severity\":\"CRITICAL\",\"order_id\":\"o-42\",\"event_ids\":[\"e-1\"],"
                + "\"detected_time\":\"2026-11-21T10:00:00Z\",\"detail\":\"event id e-1 was recorded as debit 150000.00 IDR"
                + " at 2026-11-21T10:00:00Z but arrived again as debit 15000.00 IDR at 2026-11-21T10:00:00Z\","
                + "\"amount\":\"15000.00\",\"currency\":\"IDR\",\"source\":null}";

        ExceptionEvent e = ExceptionEvent.parse(value.getBytes(StandardCharsets.UTF_8), T0);

        assertThat(e.exceptionId()).isEqualTo("o-42:EVENT_ID_CONFLICT:e-1");
        assertThat(e.eventIds()).containsExactly("e-1");
        assertThat(e.amount()).isEqualTo("15000.00");
        assertThat(e.currency()).isEqualTo("IDR");
        assertThat(e.resolvable()).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // case                          | the money fields of the record         | amount    | currency
                "as the job writes it            | ,\"amount\":\"100.0\",\"currency\":\"EUR\" | 100.0     | EUR",
                "null where none applies         | ,\"amount\":null,\"currency\":null         |           |",
                "a record of a job before v2     | ''                                       |           |",
                "not a string: no amount         | ,\"amount\":100.0,\"currency\":[\"EUR\"]     |           |",
            })
    void theMoneyIsTheTextAsWrittenOrNull(String ignoredCase, String fields, String amount, String currency) {
        String value = "{\"exception_id\":\"o-1:AMOUNT_MISMATCH\",\"type\":\"AMOUNT_MISMATCH\",\"state\":\"OPEN\","
                + "\"severity\":\"CRITICAL\",\"order_id\":\"o-1\",\"event_ids\":[\"e-1\",\"e-2\"]"
                + (fields == null ? "" : fields) + "}";

        ExceptionEvent e = ExceptionEvent.parse(value.getBytes(StandardCharsets.UTF_8), T0);

        assertThat(e.amount()).isEqualTo(amount);
        assertThat(e.currency()).isEqualTo(currency);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                // case                          | the movement field of the record  | movement_id
                "a movement of the order         | ,\"movement_id\":\"re_7\"          | re_7",
                "the default movement            | ,\"movement_id\":null              |",
                "a record of a job before v3     | ''                                |",
                "not a string: no movement       | ,\"movement_id\":7                 |",
            })
    void theMovementIsTheTextAsWrittenOrNull(String ignoredCase, String field, String movementId) {
        String value = "{\"exception_id\":\"o-1:AMOUNT_MISMATCH:re_7\",\"type\":\"AMOUNT_MISMATCH\","
                + "\"state\":\"OPEN\",\"severity\":\"CRITICAL\",\"order_id\":\"o-1\",\"event_ids\":[\"e-1\"]"
                + (field == null ? "" : field) + "}";

        ExceptionEvent e = ExceptionEvent.parse(value.getBytes(StandardCharsets.UTF_8), T0);

        assertThat(e.movementId()).isEqualTo(movementId);
        assertThat(e.identifyingMovementId()).isEqualTo(movementId);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // type,            resolvable (the job sends RESOLVED), its movement_id identifies the alert
        "UNMATCHED_DEBIT,    true,  true",
        "UNMATCHED_CREDIT,   true,  true",
        "OVER_REFUND,        true,  false",
        "AMOUNT_MISMATCH,    false, true",
        "CURRENCY_MISMATCH,  false, true",
        "KIND_MISMATCH,      false, true",
        "DUPLICATE_DEBIT,    false, false",
        "DUPLICATE_CREDIT,   false, false",
        "EVENT_ID_CONFLICT,  false, false",
        "INVALID_TRANSITION, false, false",
        "MALFORMED_EVENT,    false, false",
        "ORDER_OVERFLOW,     false, false",
        "A_TYPE_ADDED_LATER, false, false",
    })
    void onlyAnUnmatchedSideAndAnOverRefundAreResolved(String type, boolean resolvable, boolean movementScoped) {
        assertThat(ExceptionEvent.resolvable(type)).isEqualTo(resolvable);
        assertThat(ExceptionEvent.movementScoped(type)).isEqualTo(movementScoped);
    }

    @Test
    void anOverRefundsAmountIsItsExcess() {
        String value = "{\"exception_id\":\"o-1:OVER_REFUND:EUR\",\"type\":\"OVER_REFUND\",\"state\":\"OPEN\","
                + "\"severity\":\"CRITICAL\",\"order_id\":\"o-1\",\"event_ids\":[\"e-3\",\"e-4\"],"
                + "\"detected_time\":\"2026-11-22T09:00:01Z\",\"detail\":\"order o-1 has returned 30.00 EUR more than"
                + " it took\",\"amount\":\"30.00\",\"currency\":\"EUR\",\"movement_id\":null,\"source\":null}";

        ExceptionEvent e = ExceptionEvent.parse(value.getBytes(StandardCharsets.UTF_8), T0);

        assertThat(e.excess()).isEqualTo("30.00 EUR");
        assertThat(e.movementId()).isNull();
        assertThat(e.resolvable()).isTrue();
        assertThat(Records.open("o-1", "AMOUNT_MISMATCH", T0).excess())
                .as("only an over-refund's amount is an excess")
                .isNull();
    }

    @Test
    void malformedInputWithoutOrderIdHasNoOrder() {
        String value =
                "{\"exception_id\":\"malformed:reconciliation:3:17\",\"type\":\"MALFORMED_EVENT\",\"state\":\"OPEN\","
                        + "\"severity\":\"WARNING\",\"order_id\":null,\"event_ids\":[],\"detected_time\":null,"
                        + "\"detail\":\"not JSON\",\"source\":{\"raw\":\"{\",\"truncated\":false,\"topic\":\"reconciliation\","
                        + "\"partition\":3,\"offset\":17}}";
        ExceptionEvent e = ExceptionEvent.parse(value.getBytes(StandardCharsets.UTF_8), T0);
        assertThat(e.orderId()).isNull();
        assertThat(e.detectedTime()).isNull();
        assertThat(e.eventIds()).isEmpty();
        assertThat(e.resolvable()).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                                                              | empty value",
                "not json                                                        | not JSON",
                "[1]                                                             | not a JSON object",
                "{\"type\":\"X\",\"state\":\"OPEN\",\"severity\":\"CRITICAL\"}   | no 'exception_id' string",
                "{\"exception_id\":\"a\",\"state\":\"OPEN\",\"severity\":\"C\"}  | no 'type' string",
                "{\"exception_id\":\"a\",\"type\":\"X\",\"state\":\"CLOSED\",\"severity\":\"C\"} | neither OPEN nor RESOLVED",
                "{\"exception_id\":\"a\",\"type\":\"X\",\"state\":\"OPEN\"}      | no 'severity' string",
                "{\"exception_id\":1,\"type\":\"X\",\"state\":\"OPEN\",\"severity\":\"C\"} | no 'exception_id' string",
            })
    void refusesWhatIsNotAnExceptionRecord(String value, String reason) {
        assertThatThrownBy(() -> ExceptionEvent.parse(value.getBytes(StandardCharsets.UTF_8), T0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(reason);
    }
}
