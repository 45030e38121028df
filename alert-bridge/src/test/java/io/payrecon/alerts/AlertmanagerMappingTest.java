package io.payrecon.alerts;

import static io.payrecon.alerts.Records.T0;
import static io.payrecon.alerts.Records.open;
import static io.payrecon.alerts.Records.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AlertmanagerMappingTest {
    private static final Duration RESEND = Duration.ofMinutes(1);
    private static final AlertText TEXT =
            new AlertText("payment-reconciliation", null, "https://git.example.com/payrecon/blob/main/docs/on-call.md");
    private final AlertmanagerMapping mapping = new AlertmanagerMapping(TEXT, RESEND);

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "UNMATCHED_DEBIT,    critical, unmatched_debit",
        "UNMATCHED_CREDIT,   critical, unmatched_credit",
        "AMOUNT_MISMATCH,    critical, amount_mismatch",
        "CURRENCY_MISMATCH,  critical, currency_mismatch",
        "DUPLICATE_DEBIT,    critical, duplicate_debit",
        "DUPLICATE_CREDIT,   critical, duplicate_credit",
        "INVALID_TRANSITION, warning,  invalid_transition",
        "MALFORMED_EVENT,    warning,  malformed_event",
        "EVENT_ID_CONFLICT,  critical, event_id_conflict",
        "KIND_MISMATCH,      critical, kind_mismatch",
        "OVER_REFUND,        critical, over_refund",
        "ORDER_OVERFLOW,     critical, order_overflow",
    })
    void labelsIdentifyTheExceptionAndAnnotationsCarryTheRest(String type, String severity, String anchor) {
        Alert alert = new AlertBook(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(180))
                .apply(open("o-1", type, T0), T0);

        JsonNode a = mapping.toAlert(alert, T0);

        assertThat(a.get("labels").properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("alertname", "severity", "order_id", "exception_id");
        assertThat(a.at("/labels/alertname").asText()).isEqualTo(type);
        assertThat(a.at("/labels/severity").asText()).isEqualTo(severity);
        assertThat(a.at("/labels/order_id").asText()).isEqualTo("o-1");
        assertThat(a.at("/labels/exception_id").asText()).isEqualTo(alert.exceptionId());
        assertThat(a.get("annotations").has("movement_id"))
                .as("the default movement")
                .isFalse();
        assertThat(a.at("/annotations/description").asText()).isEqualTo(type + " on order o-1 (OPEN)");
        assertThat(a.at("/annotations/summary").asText()).startsWith(type + " for order o-1: ");
        assertThat(a.at("/annotations/raised_at").asText()).isEqualTo(T0.toString());
        assertThat(a.at("/annotations/runbook_url").asText()).isEqualTo(TEXT.runbookUrl() + "#" + anchor);
        assertThat(a.get("generatorURL").asText()).isEqualTo(TEXT.runbookUrl() + "#" + anchor);
        assertThat(a.get("startsAt").asText()).isEqualTo(T0.toString());
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        // type,            amount,    currency: contract v2's money; none for the types without one
        "UNMATCHED_DEBIT,   150000.00, IDR",
        "AMOUNT_MISMATCH,   100.0,     EUR",
        "DUPLICATE_CREDIT,  0.00000001, USD",
        "EVENT_ID_CONFLICT, 99.50,     USD",
        "EVENT_ID_CONFLICT, ,          ", // a conflict of lifecycle events has no amount
        "INVALID_TRANSITION, ,         ",
        "MALFORMED_EVENT,   ,          ",
    })
    void theMoneyIsAnAnnotationAndNeverALabel(String type, String amount, String currency) {
        ExceptionEvent e = ExceptionEvent.parse(
                Records.withMoney("o-1", type, "OPEN", amount, currency, "e-1").getBytes(StandardCharsets.UTF_8), T0);
        Alert alert = new AlertBook(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(180)).apply(e, T0);

        JsonNode a = mapping.toAlert(alert, T0);

        if (amount == null) {
            assertThat(a.get("annotations").has("amount")).isFalse();
            assertThat(a.get("annotations").has("currency")).isFalse();
        } else {
            assertThat(a.at("/annotations/amount").asText())
                    .as("the text as given")
                    .isEqualTo(amount);
            assertThat(a.at("/annotations/currency").asText()).isEqualTo(currency);
        }
        assertThat(a.get("labels").properties())
                .extracting(Map.Entry::getKey)
                .as("the identity does not depend on the money (a record before v2 has none)")
                .containsExactly("alertname", "severity", "order_id", "exception_id");
    }

    @ParameterizedTest(name = "{0} of movement {1}")
    @CsvSource({
        // type,           movement_id, labelled: only where the exception_id names the movement
        "UNMATCHED_DEBIT,   re_7,        true",
        "UNMATCHED_CREDIT,  cap-2,       true",
        "AMOUNT_MISMATCH,   re_7,        true",
        "CURRENCY_MISMATCH, re_7,        true",
        "KIND_MISMATCH,     re_7,        true",
        "DUPLICATE_DEBIT,   re_7,        false", // identified by its event_id
        "DUPLICATE_CREDIT,  re_7,        false",
    })
    void theMovementIsALabelWhereItIdentifiesTheAlertAndAlwaysAnAnnotation(
            String type, String movementId, boolean labelled) {
        ExceptionEvent e = ExceptionEvent.parse(
                Records.ofMovement("o-1", type, "OPEN", movementId, "e-1").getBytes(StandardCharsets.UTF_8), T0);
        Alert alert = new AlertBook(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(180)).apply(e, T0);

        JsonNode a = mapping.toAlert(alert, T0);

        assertThat(a.at("/annotations/movement_id").asText()).isEqualTo(movementId);
        if (labelled) {
            assertThat(a.get("labels").properties())
                    .extracting(Map.Entry::getKey)
                    .containsExactly("alertname", "severity", "order_id", "movement_id", "exception_id");
            assertThat(a.at("/labels/movement_id").asText()).isEqualTo(movementId);
            assertThat(a.at("/labels/exception_id").asText()).isEqualTo("o-1:" + type + ":" + movementId);
        } else {
            assertThat(a.get("labels").has("movement_id")).isFalse();
        }
    }

    @Test
    void aRecordBeforeV3HasTheLabelsOfTheSameAlertOfTheDefaultMovement() {
        AlertBook book = new AlertBook(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(180));
        ExceptionEvent v2 = ExceptionEvent.parse(
                Records.beforeV3("o-1", "UNMATCHED_DEBIT", "OPEN", "e-1").getBytes(StandardCharsets.UTF_8), T0);
        ExceptionEvent v3 = Records.open("o-1", "UNMATCHED_DEBIT", T0);

        assertThat(mapping.toAlert(book.apply(v2, T0), T0).get("labels"))
                .isEqualTo(mapping.toAlert(book.apply(v3, T0), T0).get("labels"));
    }

    @Test
    void anOverRefundShowsItsExcessAndAFurtherOpenUpdatesTheSameAlert() {
        AlertBook book = new AlertBook(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(180));
        JsonNode first = mapping.toAlert(book.apply(Records.overRefund("o-1", "OPEN", "20.00", T0), T0), T0);
        Instant later = T0.plusSeconds(600);
        JsonNode larger = mapping.toAlert(book.apply(Records.overRefund("o-1", "OPEN", "45.50", later), later), later);

        assertThat(first.at("/annotations/excess").asText()).isEqualTo("20.00 EUR");
        assertThat(larger.at("/annotations/excess").asText()).isEqualTo("45.50 EUR");
        assertThat(larger.at("/annotations/amount").asText()).isEqualTo("45.50");
        assertThat(larger.get("labels")).as("the same alert").isEqualTo(first.get("labels"));
        assertThat(larger.at("/labels/exception_id").asText()).isEqualTo("o-1:OVER_REFUND:EUR");
        assertThat(larger.get("startsAt").asText()).isEqualTo(T0.toString());
        assertThat(larger.at("/annotations/raised_at").asText())
                .as("the record shown")
                .isEqualTo(later.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // case,                now (s after T0), expiry (s), endsAt (s after T0)
        "open far from expiry,     0,     86400, 240",
        "open near its expiry,     86300, 86400, 86400",
        "resolved at +60 s,        120,   86400, 60",
        "expired,                  86400, 86400, 86400",
    })
    void endsAtIsAFewResendsAheadWhileOpenAndTheEndOnceEnded(
            String status, long nowSeconds, long expirySeconds, long endsAtSeconds) {
        AlertBook book = new AlertBook(
                Duration.ofSeconds(expirySeconds),
                Duration.ofSeconds(expirySeconds),
                Duration.ofSeconds(expirySeconds));
        Instant now = T0.plusSeconds(nowSeconds);
        book.apply(open("o-1", "UNMATCHED_DEBIT", T0), T0);
        Alert alert = switch (status) {
            case "open far from expiry", "open near its expiry" ->
                book.open().iterator().next();
            case "resolved at +60 s" -> book.apply(resolved("o-1", "UNMATCHED_DEBIT", T0.plusSeconds(60)), now);
            default -> book.expire(now).get(0);
        };

        JsonNode a = mapping.toAlert(alert, now);

        assertThat(Instant.parse(a.get("endsAt").asText())).isEqualTo(T0.plusSeconds(endsAtSeconds));
        assertThat(a.get("startsAt").asText()).isEqualTo(T0.toString());
    }

    @Test
    void aResolvedAlertHasTheSameLabelsAsItsOpenSoAlertmanagerEndsThatAlert() {
        AlertBook book = new AlertBook(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(180));
        Alert opened = book.apply(open("o-1", "UNMATCHED_CREDIT", T0), T0);
        Alert closed = book.apply(resolved("o-1", "UNMATCHED_CREDIT", T0.plusSeconds(5)), T0.plusSeconds(5));

        JsonNode fired = mapping.toAlert(opened, T0);
        JsonNode ended = mapping.toAlert(closed, T0.plusSeconds(5));

        assertThat(ended.get("labels")).isEqualTo(fired.get("labels"));
        assertThat(ended.at("/annotations/resolution").asText()).isEqualTo("UNMATCHED_CREDIT on order o-1 (RESOLVED)");
    }

    @Test
    void malformedInputWithoutOrderIdHasNoOrderLabelAndEnvironmentIsALabelWhenSet() {
        ExceptionEvent malformed = new ExceptionEvent(
                "malformed:reconciliation:3:17",
                "MALFORMED_EVENT",
                ExceptionEvent.State.OPEN,
                "WARNING",
                null,
                java.util.List.of(),
                null,
                "not JSON",
                null,
                null,
                null,
                T0);
        Alert alert = new AlertBook(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(180)).apply(malformed, T0);
        AlertmanagerMapping prod = new AlertmanagerMapping(new AlertText("s", "prod", "docs/on-call.md"), RESEND);

        JsonNode a = prod.toAlert(alert, T0);

        assertThat(a.get("labels").properties())
                .extracting(Map.Entry::getKey)
                .containsExactly("alertname", "severity", "exception_id", "environment");
        assertThat(a.at("/labels/environment").asText()).isEqualTo("prod");
        assertThat(a.at("/annotations/summary").asText()).isEqualTo("MALFORMED_EVENT: not JSON");
        assertThat(a.has("generatorURL"))
                .as("a relative runbook path is no URL")
                .isFalse();
        assertThat(a.at("/annotations/runbook_url").asText()).isEqualTo("docs/on-call.md#malformed_event");
    }
}
