package io.payrecon.alerts;

import static io.payrecon.alerts.Records.T0;
import static io.payrecon.alerts.Records.open;
import static io.payrecon.alerts.Records.resolved;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PagerDutyMappingTest {
    static final String ROUTING_KEY = "0123456789abcdef0123456789abcdef";
    private static final AlertText TEXT =
            new AlertText("recon-prod-1", "prod", "https://git.example.com/payrecon/blob/main/docs/on-call.md");
    private final PagerDutyMapping mapping = new PagerDutyMapping(TEXT, ROUTING_KEY);

    @ParameterizedTest(name = "id of {0} characters")
    @CsvSource({
        "1,    false",
        "254,  false",
        "255,  false",
        "256,  true",
        "530,  true",
    })
    void dedupKeyIsTheExceptionIdHashedWhenLongerThan255Characters(int length, boolean hashed) {
        String id = "o".repeat(length - 1) + "\u00e9"; // the last character is not ASCII: counted as one
        String key = AlertText.key(id, PagerDutyMapping.DEDUP_KEY_MAX);

        if (hashed) {
            assertThat(key).matches("sha256:[0-9a-f]{64}").isEqualTo(AlertText.key(id, PagerDutyMapping.DEDUP_KEY_MAX));
            assertThat(AlertText.key(id + "x", PagerDutyMapping.DEDUP_KEY_MAX)).isNotEqualTo(key);
        } else {
            assertThat(key).isEqualTo(id);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "CRITICAL, critical",
        "WARNING,  warning",
        "ERROR,    error",
        "INFO,     info",
        "Critical, critical",
        "NOTICE,   error",
    })
    void severityIsLowerCasedIntoPagerDutysFour(String severity, String expected) {
        assertThat(PagerDutyMapping.severity(severity)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "UNMATCHED_DEBIT,    critical",
        "AMOUNT_MISMATCH,    critical",
        "DUPLICATE_CREDIT,   critical",
        "INVALID_TRANSITION, warning",
        "MALFORMED_EVENT,    warning",
        "EVENT_ID_CONFLICT,  critical",
        "KIND_MISMATCH,      critical",
        "OVER_REFUND,        critical",
        "ORDER_OVERFLOW,     critical",
    })
    void openIsATriggerThatFollowsTheRules(String type, String severity) {
        Alert alert = new AlertBook(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(180))
                .apply(open("o-1", type, T0), T0);

        JsonNode e = mapping.toEvent(alert);

        assertThat(PublishedRules.pagerDuty(e)).isEmpty();
        assertThat(e.get("event_action").asText()).isEqualTo("trigger");
        assertThat(e.get("dedup_key").asText()).isEqualTo(alert.exceptionId());
        assertThat(e.at("/payload/severity").asText()).isEqualTo(severity);
        assertThat(e.at("/payload/source").asText()).isEqualTo("recon-prod-1");
        assertThat(e.at("/payload/group").asText()).isEqualTo("prod");
        assertThat(e.at("/payload/class").asText()).isEqualTo(type);
        assertThat(e.at("/payload/custom_details/environment").asText()).isEqualTo("prod");
        assertThat(e.at("/links/0/href").asText()).endsWith("#" + type.toLowerCase());
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "UNMATCHED_CREDIT,   150000.00, IDR",
        "EVENT_ID_CONFLICT,  100.0,     EUR",
        "EVENT_ID_CONFLICT,  ,          ", // a conflict of lifecycle events has no amount
        "INVALID_TRANSITION, ,          ",
    })
    void theMoneyIsInTheCustomDetailsNullWhenThereIsNone(String type, String amount, String currency) {
        ExceptionEvent e = ExceptionEvent.parse(
                Records.withMoney("o-1", type, "OPEN", amount, currency, "e-1").getBytes(StandardCharsets.UTF_8), T0);

        JsonNode event = mapping.toEvent(
                new AlertBook(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(180)).apply(e, T0));

        assertThat(PublishedRules.pagerDuty(event)).isEmpty();
        JsonNode details = event.at("/payload/custom_details");
        assertThat(details.has("amount")).isTrue();
        assertThat(details.has("currency")).isTrue();
        assertThat(details.get("amount").isNull() ? null : details.get("amount").asText())
                .isEqualTo(amount);
        assertThat(
                        details.get("currency").isNull()
                                ? null
                                : details.get("currency").asText())
                .isEqualTo(currency);
    }

    @ParameterizedTest(name = "{0} of movement {1}")
    @CsvSource({
        "AMOUNT_MISMATCH, re_7",
        "KIND_MISMATCH,   re_7",
        "DUPLICATE_DEBIT, re_7",
        "UNMATCHED_DEBIT, ", // the default movement
    })
    void theMovementIsACustomDetailNullForTheDefaultMovement(String type, String movementId) {
        ExceptionEvent e = ExceptionEvent.parse(
                Records.ofMovement("o-1", type, "OPEN", movementId, "e-1").getBytes(StandardCharsets.UTF_8), T0);

        JsonNode event = mapping.toEvent(
                new AlertBook(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(180)).apply(e, T0));

        assertThat(PublishedRules.pagerDuty(event)).isEmpty();
        JsonNode details = event.at("/payload/custom_details");
        assertThat(details.has("movement_id")).isTrue();
        assertThat(
                        details.get("movement_id").isNull()
                                ? null
                                : details.get("movement_id").asText())
                .isEqualTo(movementId);
        assertThat(details.has("excess")).isFalse();
    }

    @Test
    void aFurtherOverRefundIsATriggerOfTheSameDedupKeyWithTheNewExcess() {
        AlertBook book = new AlertBook(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(180));
        JsonNode first = mapping.toEvent(book.apply(Records.overRefund("o-1", "OPEN", "20.00", T0), T0));
        JsonNode larger = mapping.toEvent(
                book.apply(Records.overRefund("o-1", "OPEN", "45.50", T0.plusSeconds(5)), T0.plusSeconds(5)));
        JsonNode resolve = mapping.toEvent(
                book.apply(Records.overRefund("o-1", "RESOLVED", "45.50", T0.plusSeconds(9)), T0.plusSeconds(9)));

        assertThat(PublishedRules.pagerDuty(larger)).isEmpty();
        assertThat(first.at("/payload/custom_details/excess").asText()).isEqualTo("20.00 EUR");
        assertThat(larger.get("event_action").asText()).isEqualTo("trigger");
        assertThat(larger.at("/payload/custom_details/excess").asText()).isEqualTo("45.50 EUR");
        assertThat(larger.get("dedup_key").asText())
                .isEqualTo(first.get("dedup_key").asText())
                .isEqualTo(resolve.get("dedup_key").asText())
                .isEqualTo("o-1:OVER_REFUND:EUR");
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
    }

    @Test
    void resolvedIsAResolveOfTheSameDedupKey() {
        AlertBook book = new AlertBook(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(180));
        String order = "o".repeat(300); // id of 316 characters: hashed, the same way both times
        JsonNode trigger = mapping.toEvent(book.apply(open(order, "UNMATCHED_DEBIT", T0), T0));
        JsonNode resolve = mapping.toEvent(book.apply(resolved(order, "UNMATCHED_DEBIT", T0), T0));

        assertThat(PublishedRules.pagerDuty(trigger)).isEmpty();
        assertThat(PublishedRules.pagerDuty(resolve)).isEmpty();
        assertThat(resolve.get("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.get("dedup_key").asText())
                .isEqualTo(trigger.get("dedup_key").asText())
                .startsWith("sha256:");
        assertThat(resolve.has("payload")).isFalse();
    }

    @Test
    void summaryIsCutTo1024CharactersAndExpiryIsLeftToAHuman() {
        ExceptionEvent longDetail = new ExceptionEvent(
                "o-1:AMOUNT_MISMATCH",
                "AMOUNT_MISMATCH",
                ExceptionEvent.State.OPEN,
                "CRITICAL",
                "o-1",
                List.of("e-1", "e-2"),
                "2026-11-21T10:00:00Z",
                "\uD83D\uDCB8".repeat(2000),
                "100.00",
                "EUR",
                null,
                T0);
        AlertBook book = new AlertBook(Duration.ofDays(1), Duration.ofDays(7), Duration.ofDays(180));
        Alert alert = book.apply(longDetail, T0);

        JsonNode e = mapping.toEvent(alert);

        assertThat(PublishedRules.pagerDuty(e)).isEmpty();
        String summary = e.at("/payload/summary").asText();
        assertThat(summary.codePointCount(0, summary.length())).isEqualTo(1024);
        assertThat(summary).endsWith("\u2026");
        assertThat(mapping.toEvent(book.expire(T0.plus(Duration.ofDays(1))).get(0)))
                .isNull();
    }
}
