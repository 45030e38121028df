package io.payrecon.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One factory per kind of exception, each with the id and the detail sentence the contract gives it
 * (docs/contract.md, section 3). The exceptions topic is read by people and by the alerting tool:
 * these strings are part of the output, byte for byte.
 */
class ExceptionRecordTest {
    private static final long T0 = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();

    private static PaymentEvent side(String id, EventType type, String amount, String currency, long seconds) {
        return new PaymentEvent(id, "o-42", type, amount, currency, T0 + seconds * 1000);
    }

    private static final PaymentEvent DEBIT = side("d-1", EventType.DEBIT, "150000.00", "IDR", 0);
    private static final PaymentEvent CREDIT = side("c-1", EventType.CREDIT, "150000.0", "IDR", 3);

    static Stream<Arguments> kinds() {
        return Stream.of(
                kind(
                        "unmatched debit",
                        () -> ExceptionRecord.unmatched(DEBIT, T0 + 600_000, "10m"),
                        "o-42:UNMATCHED_DEBIT",
                        ExceptionType.UNMATCHED_DEBIT,
                        AlertState.OPEN,
                        List.of("d-1"),
                        "2026-11-21T10:10:00Z",
                        "debit d-1 of 150000.00 IDR has no credit within 10m"),
                kind(
                        "unmatched credit",
                        () -> ExceptionRecord.unmatched(CREDIT, T0 + 603_000, "10m"),
                        "o-42:UNMATCHED_CREDIT",
                        ExceptionType.UNMATCHED_CREDIT,
                        AlertState.OPEN,
                        List.of("c-1"),
                        "2026-11-21T10:10:03Z",
                        "credit c-1 of 150000.0 IDR has no debit within 10m"),
                kind(
                        "resolved",
                        () -> ExceptionRecord.resolved(
                                DEBIT, side("c-late", EventType.CREDIT, "150000.00", "IDR", 700), T0 + 600_000, "10m"),
                        "o-42:UNMATCHED_DEBIT",
                        ExceptionType.UNMATCHED_DEBIT,
                        AlertState.RESOLVED,
                        List.of("d-1", "c-late"),
                        "2026-11-21T10:11:40Z",
                        "credit c-late at 2026-11-21T10:11:40Z completes debit d-1 after its unmatched alert"
                                + " (window 10m, deadline 2026-11-21T10:10:00Z): resolved"),
                kind(
                        "currency mismatch, credit first",
                        () -> ExceptionRecord.currencyMismatch(
                                side("c-2", EventType.CREDIT, "10.00", "EUR", 0),
                                side("d-2", EventType.DEBIT, "10.00", "USD", 5)),
                        "o-42:CURRENCY_MISMATCH",
                        ExceptionType.CURRENCY_MISMATCH,
                        AlertState.OPEN,
                        List.of("c-2", "d-2"),
                        "2026-11-21T10:00:05Z",
                        "debit d-2 is 10.00 USD but credit c-2 is 10.00 EUR"),
                kind(
                        "amount mismatch",
                        () -> ExceptionRecord.amountMismatch(
                                side("d-3", EventType.DEBIT, "100.00", "USD", 0),
                                side("c-3", EventType.CREDIT, "99.50", "USD", 1),
                                new BigDecimal("0.50"),
                                BigDecimal.ZERO),
                        "o-42:AMOUNT_MISMATCH",
                        ExceptionType.AMOUNT_MISMATCH,
                        AlertState.OPEN,
                        List.of("d-3", "c-3"),
                        "2026-11-21T10:00:01Z",
                        "debit d-3 of 100.00 USD and credit c-3 of 99.50 USD differ by 0.50 (tolerance 0)"),
                kind(
                        "duplicate debit",
                        () -> ExceptionRecord.duplicateSide(
                                DEBIT, side("d-again", EventType.DEBIT, "150000.00", "IDR", 9)),
                        "o-42:DUPLICATE_DEBIT:d-again",
                        ExceptionType.DUPLICATE_DEBIT,
                        AlertState.OPEN,
                        List.of("d-1", "d-again"),
                        "2026-11-21T10:00:09Z",
                        "second debit d-again of 150000.00 IDR for o-42, which already has debit d-1 of 150000.00 IDR"
                                + " (possible double charge)"),
                kind(
                        "duplicate credit",
                        () -> ExceptionRecord.duplicateSide(CREDIT, side("c-again", EventType.CREDIT, "1", "IDR", 9)),
                        "o-42:DUPLICATE_CREDIT:c-again",
                        ExceptionType.DUPLICATE_CREDIT,
                        AlertState.OPEN,
                        List.of("c-1", "c-again"),
                        "2026-11-21T10:00:09Z",
                        "second credit c-again of 1 IDR for o-42, which already has credit c-1 of 150000.0 IDR"
                                + " (possible double payout)"),
                kind(
                        "invalid transition, no status yet",
                        () -> ExceptionRecord.invalidTransition(
                                null, PaymentEvent.lifecycle("l-1", "o-42", EventType.ORDER_SHIPPED, T0)),
                        "o-42:INVALID_TRANSITION:l-1",
                        ExceptionType.INVALID_TRANSITION,
                        AlertState.OPEN,
                        List.of("l-1"),
                        "2026-11-21T10:00:00Z",
                        "order_shipped l-1 is not allowed after no lifecycle event; the order stays at no lifecycle event"),
                kind(
                        "invalid transition",
                        () -> ExceptionRecord.invalidTransition(
                                EventType.ORDER_CANCELLED,
                                PaymentEvent.lifecycle("l-2", "o-42", EventType.ORDER_CONFIRMED, T0 + 1)),
                        "o-42:INVALID_TRANSITION:l-2",
                        ExceptionType.INVALID_TRANSITION,
                        AlertState.OPEN,
                        List.of("l-2"),
                        "2026-11-21T10:00:00.001Z",
                        "order_confirmed l-2 is not allowed after order_cancelled; the order stays at order_cancelled"),
                kind(
                        "malformed from Kafka",
                        () -> ExceptionRecord.malformed(
                                null,
                                "the value is not a JSON object",
                                MalformedSource.kafka("[1]", false, "reconciliation", 3, 1234)),
                        "malformed:reconciliation:3:1234",
                        ExceptionType.MALFORMED_EVENT,
                        AlertState.OPEN,
                        List.of(),
                        null,
                        "the value is not a JSON object"),
                kind(
                        "malformed from a file",
                        () -> ExceptionRecord.malformed(
                                "o-1", "missing type", MalformedSource.file("{}", false, "day.jsonl", 7)),
                        "malformed:day.jsonl:7",
                        ExceptionType.MALFORMED_EVENT,
                        AlertState.OPEN,
                        List.of(),
                        null,
                        "missing type"));
    }

    private static Arguments kind(
            String name,
            Supplier<ExceptionRecord> factory,
            String id,
            ExceptionType type,
            AlertState state,
            List<String> eventIds,
            String detected,
            String detail) {
        return Arguments.of(name, factory, id, type, state, eventIds, detected, detail);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void eachKindOwnsItsIdAndSentence(
            String name,
            Supplier<ExceptionRecord> factory,
            String id,
            ExceptionType type,
            AlertState state,
            List<String> eventIds,
            String detected,
            String detail) {
        ExceptionRecord e = factory.get();
        assertThat(e.exceptionId).isEqualTo(id);
        assertThat(e.type).isEqualTo(type);
        assertThat(e.state).isEqualTo(state);
        if (type != ExceptionType.MALFORMED_EVENT) {
            assertThat(e.orderId).isEqualTo("o-42");
        }
        assertThat(e.eventIds).isEqualTo(eventIds);
        assertThat(
                        e.detectedTime == null
                                ? null
                                : Instant.ofEpochMilli(e.detectedTime).toString())
                .isEqualTo(detected);
        assertThat(e.detail).isEqualTo(detail);
        assertThat(e.source == null).isEqualTo(type != ExceptionType.MALFORMED_EVENT);
    }
}
