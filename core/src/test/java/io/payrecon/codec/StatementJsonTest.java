package io.payrecon.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.payrecon.model.EventType;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.ExceptionType;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import io.payrecon.statements.CurrencyTotals;
import io.payrecon.statements.PeriodTotals;
import io.payrecon.statements.Statement;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code statements} topic's records exactly as the contract shows them. */
class StatementJsonTest {
    private static final long START = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();
    private static final long END = Instant.parse("2026-11-21T11:00:00Z").toEpochMilli();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static PaymentEvent debit(String id, String amount, String currency) {
        return new PaymentEvent(id, "o-1", EventType.DEBIT, amount, currency, START);
    }

    private static ReconciledRecord reconciled(String amount, String currency) {
        return new ReconciledRecord(
                debit("d", amount, currency),
                new PaymentEvent("c", "o-1", EventType.CREDIT, amount, currency, START + 1),
                null,
                false);
    }

    @Test
    void theContractsExample() {
        PeriodTotals totals = new PeriodTotals()
                .addCurrency(
                        "EUR",
                        new CurrencyTotals(
                                1204,
                                new BigDecimal("3200417.50"),
                                7,
                                new BigDecimal("21000.00"),
                                5,
                                new BigDecimal("9000.00"),
                                2,
                                1,
                                new BigDecimal("150.00"),
                                0,
                                0,
                                BigDecimal.ZERO,
                                BigDecimal.ZERO))
                .addExceptions(ExceptionType.UNMATCHED_DEBIT, 12)
                .addExceptions(ExceptionType.AMOUNT_MISMATCH, 2)
                .addExceptions(ExceptionType.DUPLICATE_DEBIT, 1)
                .addExceptions(ExceptionType.INVALID_TRANSITION, 3);
        assertThat(text(StatementJson.encode(new Statement(START, END, 0, totals))))
                .isEqualTo("{\"period_start\":\"2026-11-21T10:00:00Z\",\"period_end\":\"2026-11-21T11:00:00Z\","
                        + "\"revision\":0,"
                        + "\"currencies\":{"
                        + "\"EUR\":{\"reconciled_count\":1204,\"reconciled_amount\":\"3200417.50\","
                        + "\"unmatched_open_count\":7,\"unmatched_open_amount\":\"21000.00\","
                        + "\"unmatched_resolved_count\":5,\"unmatched_resolved_amount\":\"9000.00\","
                        + "\"mismatch_count\":2,\"duplicate_count\":1,\"duplicate_amount\":\"150.00\","
                        + "\"conflict_count\":0,\"reversal_count\":0,\"reversal_amount\":\"0\",\"fee_amount\":\"0\"}},"
                        + "\"exceptions\":{\"UNMATCHED_DEBIT\":12,\"AMOUNT_MISMATCH\":2,\"DUPLICATE_DEBIT\":1,"
                        + "\"INVALID_TRANSITION\":3}}");
    }

    @Test
    void theKeyIsThePeriodStartsText() {
        Statement s = new Statement(START, END, 3, new PeriodTotals().add(reconciled("1", "EUR")));
        assertThat(text(StatementJson.key(s))).isEqualTo("2026-11-21T10:00:00Z");
    }

    @Test
    void exactlyTheContractsFieldsWithTheirJsonTypes() throws Exception {
        PeriodTotals totals = new PeriodTotals()
                .add(reconciled("10.5", "USD"))
                .add(reconciled("100", "EUR"))
                .add(ExceptionRecord.unmatched(debit("d9", "0.10", "EUR"), START + 600_000, "10m"));
        JsonNode root = JSON.readTree(StatementJson.encode(new Statement(START, END, 2, totals)));
        assertThat(fieldNames(root))
                .containsExactlyInAnyOrder("period_start", "period_end", "revision", "currencies", "exceptions");
        assertThat(root.get("revision").isIntegralNumber()).isTrue();
        assertThat(root.get("revision").asLong()).isEqualTo(2);
        assertThat(fieldNames(root.get("currencies"))).containsExactly("EUR", "USD");
        for (JsonNode currency : root.get("currencies")) {
            assertThat(fieldNames(currency))
                    .containsExactlyInAnyOrder(
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
            currency.fields()
                    .forEachRemaining(f -> assertThat(
                                    f.getKey().endsWith("_count")
                                            ? f.getValue().isIntegralNumber()
                                            : f.getValue().isTextual())
                            .as(f.getKey())
                            .isTrue());
        }
        JsonNode eur = root.get("currencies").get("EUR");
        assertThat(eur.get("reconciled_amount").asText()).isEqualTo("100");
        assertThat(eur.get("unmatched_open_amount").asText()).isEqualTo("0.10");
        assertThat(eur.get("unmatched_resolved_amount").asText())
                .as("a sum over nothing")
                .isEqualTo("0");
        assertThat(eur.get("duplicate_count").isIntegralNumber()).isTrue();
        assertThat(root.get("exceptions").toString()).isEqualTo("{\"UNMATCHED_DEBIT\":1}");
    }

    @Test
    void noCurrencyIsAnEmptyObject() {
        PeriodTotals onlyLifecycle = new PeriodTotals()
                .add(ExceptionRecord.invalidTransition(
                        null, PaymentEvent.lifecycle("l", "o-1", EventType.ORDER_SHIPPED, START)));
        assertThat(text(StatementJson.encode(new Statement(START, END, 0, onlyLifecycle))))
                .contains("\"currencies\":{},\"exceptions\":{\"INVALID_TRANSITION\":1}}");
    }

    @Test
    void sumsBeyondEighteenIntegerDigitsArePlainDecimalText() {
        PeriodTotals totals = new PeriodTotals();
        for (int i = 0; i < 20; i++) {
            totals.add(reconciled("999999999999999999.99999999", "JPY"));
        }
        assertThat(text(StatementJson.encode(new Statement(START, END, 0, totals))))
                .contains("\"reconciled_count\":20,\"reconciled_amount\":\"19999999999999999999.99999980\"")
                .doesNotContain("E+", "e+");
    }

    @Test
    void periodsBefore1970AndWithMillisecondsAreWrittenAsInstants() {
        // 84,375 ms divides a day; its periods may start at a millisecond.
        String json = text(
                StatementJson.encode(new Statement(-3_600_000, 0, 0, new PeriodTotals().add(reconciled("1", "EUR")))));
        assertThat(json)
                .startsWith("{\"period_start\":\"1969-12-31T23:00:00Z\",\"period_end\":\"1970-01-01T00:00:00Z\"");
        assertThat(text(StatementJson.key(
                        new Statement(84_375, 168_750, 0, new PeriodTotals().add(reconciled("1", "EUR"))))))
                .isEqualTo("1970-01-01T00:01:24.375Z");
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
