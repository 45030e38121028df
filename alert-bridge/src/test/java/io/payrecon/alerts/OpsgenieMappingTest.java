package io.payrecon.alerts;

import static io.payrecon.alerts.Records.T0;
import static io.payrecon.alerts.Records.open;
import static io.payrecon.alerts.Records.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpsgenieMappingTest {
    private static final AlertText TEXT = new AlertText("payment-reconciliation", "staging", "docs/on-call.md");
    private final OpsgenieMapping mapping = new OpsgenieMapping(TEXT);

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "CRITICAL, P1",
        "ERROR,    P2",
        "WARNING,  P3",
        "INFO,     P5",
        "critical, P1",
        "OTHER,    P3",
    })
    void priorityComesFromSeverity(String severity, String priority) {
        assertThat(OpsgenieMapping.priority(severity)).isEqualTo(priority);
    }

    @ParameterizedTest(name = "order id of {0} characters")
    @CsvSource({
        "3,   false, false",
        "100, true,  false",
        "256, true,  false",
        "500, true,  true",
    })
    void createFollowsTheRulesWhateverTheLengths(int orderLength, boolean messageCut, boolean aliasHashed) {
        String order = "x".repeat(orderLength);
        Alert alert = new AlertBook(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(180))
                .apply(open(order, "DUPLICATE_DEBIT", T0), T0);

        JsonNode body = mapping.createRequest(alert);

        assertThat(PublishedRules.opsgenieCreate(body)).isEmpty();
        assertThat(body.get("message").asText().endsWith("\u2026")).isEqualTo(messageCut);
        assertThat(body.get("alias").asText().startsWith("sha256:")).isEqualTo(aliasHashed);
        if (!aliasHashed) {
            assertThat(body.get("alias").asText()).isEqualTo(alert.exceptionId());
        }
        assertThat(body.get("priority").asText()).isEqualTo("P1");
        assertThat(body.get("tags"))
                .extracting(JsonNode::asText)
                .containsExactly("DUPLICATE_DEBIT", "critical", "staging");
        assertThat(body.at("/details/exception_id").asText()).isEqualTo(alert.exceptionId());
    }

    @Test
    void descriptionIsTheDetailCutAt15000() {
        ExceptionEvent e = new ExceptionEvent(
                "o-1:AMOUNT_MISMATCH",
                "AMOUNT_MISMATCH",
                ExceptionEvent.State.OPEN,
                "CRITICAL",
                "o-1",
                java.util.List.of("e-1", "e-2"),
                "2026-11-21T10:00:00Z",
                "d".repeat(20_000),
                "100.00",
                "EUR",
                null,
                T0);

        JsonNode body = mapping.createRequest(
                new AlertBook(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(180)).apply(e, T0));

        assertThat(PublishedRules.opsgenieCreate(body)).isEmpty();
        assertThat(body.get("description").asText()).hasSize(15_000);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "UNMATCHED_DEBIT,    150000.00, IDR, P1",
        "EVENT_ID_CONFLICT,  100.0,     EUR, P1",
        "EVENT_ID_CONFLICT,  ,          ,    P1", // a conflict of lifecycle events has no amount
        "INVALID_TRANSITION, ,          ,    P3",
    })
    void theMoneyIsADetailWhenThereIsOne(String type, String amount, String currency, String priority) {
        ExceptionEvent e = ExceptionEvent.parse(
                Records.withMoney("o-1", type, "OPEN", amount, currency, "e-1").getBytes(StandardCharsets.UTF_8), T0);

        JsonNode body = mapping.createRequest(
                new AlertBook(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(180)).apply(e, T0));

        assertThat(PublishedRules.opsgenieCreate(body))
                .as("details are strings: no null")
                .isEmpty();
        assertThat(body.get("priority").asText()).isEqualTo(priority);
        if (amount == null) {
            assertThat(body.get("details").has("amount")).isFalse();
            assertThat(body.get("details").has("currency")).isFalse();
        } else {
            assertThat(body.at("/details/amount").asText()).isEqualTo(amount);
            assertThat(body.at("/details/currency").asText()).isEqualTo(currency);
        }
    }

    @Test
    void anOverRefundShowsItsExcessAndAFurtherOneIsANoteOnTheSameAlias() {
        AlertBook book = new AlertBook(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(180));
        Alert first = book.apply(Records.overRefund("o-1", "OPEN", "20.00", T0), T0);
        Alert larger = book.apply(Records.overRefund("o-1", "OPEN", "45.50", T0.plusSeconds(5)), T0.plusSeconds(5));

        JsonNode create = mapping.createRequest(larger);
        JsonNode note = mapping.noteRequest(larger);

        assertThat(PublishedRules.opsgenieCreate(create)).isEmpty();
        assertThat(PublishedRules.opsgenieClose(note))
                .as("a note has the close's rules")
                .isEmpty();
        assertThat(mapping.createRequest(first).at("/details/excess").asText()).isEqualTo("20.00 EUR");
        assertThat(create.at("/details/excess").asText()).isEqualTo("45.50 EUR");
        assertThat(create.get("details").has("movement_id")).isFalse();
        assertThat(OpsgenieMapping.alias(larger))
                .isEqualTo(OpsgenieMapping.alias(first))
                .isEqualTo("o-1:OVER_REFUND:EUR");
        assertThat(note.get("note").asText()).startsWith("Opened again (excess 45.50 EUR): OVER_REFUND for order o-1");
    }

    @Test
    void theMovementIsADetailWhenThereIsOne() {
        ExceptionEvent e = ExceptionEvent.parse(
                Records.ofMovement("o-1", "KIND_MISMATCH", "OPEN", "re_7", "e-1", "e-2")
                        .getBytes(StandardCharsets.UTF_8),
                T0);

        JsonNode body = mapping.createRequest(
                new AlertBook(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(180)).apply(e, T0));

        assertThat(PublishedRules.opsgenieCreate(body)).isEmpty();
        assertThat(body.get("alias").asText()).isEqualTo("o-1:KIND_MISMATCH:re_7");
        assertThat(body.at("/details/movement_id").asText()).isEqualTo("re_7");
        assertThat(body.get("priority").asText()).isEqualTo("P1");
    }

    @Test
    void resolvedClosesByTheSameAlias() {
        AlertBook book = new AlertBook(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(180));
        Alert opened = book.apply(open("o-1", "UNMATCHED_DEBIT", T0), T0);
        Alert closed = book.apply(resolved("o-1", "UNMATCHED_DEBIT", T0), T0);

        JsonNode close = mapping.closeRequest(closed);

        assertThat(PublishedRules.opsgenieClose(close)).isEmpty();
        assertThat(OpsgenieMapping.alias(closed))
                .isEqualTo(OpsgenieMapping.alias(opened))
                .isEqualTo("o-1:UNMATCHED_DEBIT");
        assertThat(close.get("note").asText())
                .isEqualTo("Resolved by the reconciliation job: UNMATCHED_DEBIT on order o-1 (RESOLVED)");
    }
}
