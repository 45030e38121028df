package io.payrecon.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.model.EventType;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.Kind;
import io.payrecon.model.MalformedSource;
import io.payrecon.model.PaymentEvent;
import io.payrecon.model.ReconciledRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The output records exactly as the contract shows them. */
class OutputJsonTest {
    private static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Test
    void reconciledRecordMatchesTheContractExample() {
        PaymentEvent debit =
                new PaymentEvent("e-1", "o-42", EventType.DEBIT, "150000.00", "IDR", t("2026-11-21T10:00:00Z"));
        PaymentEvent credit =
                new PaymentEvent("e-2", "o-42", EventType.CREDIT, "150000.0", "IDR", t("2026-11-21T10:00:03.250Z"));
        String json = new String(
                OutputJson.reconciled(new ReconciledRecord(debit, credit, EventType.ORDER_PAYMENT_SUCCESS, false)),
                StandardCharsets.UTF_8);
        assertThat(json)
                .isEqualTo("{\"order_id\":\"o-42\",\"movement_id\":null,\"kind\":\"payment\",\"status\":\"RECONCILED\","
                        + "\"amount\":\"150000.00\",\"fee\":null,\"currency\":\"IDR\","
                        + "\"debit_event_id\":\"e-1\",\"credit_event_id\":\"e-2\","
                        + "\"debit_time\":\"2026-11-21T10:00:00Z\",\"credit_time\":\"2026-11-21T10:00:03.250Z\","
                        + "\"matched_time\":\"2026-11-21T10:00:03.250Z\",\"order_status\":\"order_payment_success\","
                        + "\"late\":false}");
    }

    /** Contract v3's example: fourteen fields, nulls written. */
    @Test
    void reconciledRefundMatchesTheV3Example() {
        PaymentEvent debit = new PaymentEvent(
                "e-9", "o-42", EventType.DEBIT, "50.00", "EUR", t("2026-11-22T09:00:00Z"), "re_7", Kind.REFUND, null);
        PaymentEvent credit = new PaymentEvent(
                "e-10", "o-42", EventType.CREDIT, "50.00", "EUR", t("2026-11-22T09:00:01Z"), "re_7", Kind.REFUND, null);
        String json = new String(
                OutputJson.reconciled(new ReconciledRecord(debit, credit, EventType.ORDER_SHIPPED, false)),
                StandardCharsets.UTF_8);
        assertThat(json)
                .isEqualTo(
                        "{\"order_id\":\"o-42\",\"movement_id\":\"re_7\",\"kind\":\"refund\",\"status\":\"RECONCILED\","
                                + "\"amount\":\"50.00\",\"fee\":null,\"currency\":\"EUR\",\"debit_event_id\":\"e-9\","
                                + "\"credit_event_id\":\"e-10\",\"debit_time\":\"2026-11-22T09:00:00Z\","
                                + "\"credit_time\":\"2026-11-22T09:00:01Z\",\"matched_time\":\"2026-11-22T09:00:01Z\","
                                + "\"order_status\":\"order_shipped\",\"late\":false}");
    }

    @Test
    void aCreditsFeeIsWrittenAsItsText() {
        PaymentEvent debit = new PaymentEvent("d", "o", EventType.DEBIT, "100.00", "EUR", 0);
        PaymentEvent credit =
                new PaymentEvent("c", "o", EventType.CREDIT, "97.10", "EUR", 1, null, Kind.PAYMENT, "2.90");
        String json = new String(
                OutputJson.reconciled(new ReconciledRecord(debit, credit, null, false)), StandardCharsets.UTF_8);
        assertThat(json).contains("\"amount\":\"100.00\",\"fee\":\"2.90\",\"currency\":\"EUR\"");
    }

    @Test
    void orderStatusIsNullWithoutLifecycle() {
        PaymentEvent debit = new PaymentEvent("d", "o", EventType.DEBIT, "1", "USD", 0);
        PaymentEvent credit = new PaymentEvent("c", "o", EventType.CREDIT, "1", "USD", 1);
        String json = new String(
                OutputJson.reconciled(new ReconciledRecord(debit, credit, null, true)), StandardCharsets.UTF_8);
        assertThat(json).contains("\"order_status\":null,\"late\":true}");
        assertThat(json)
                .contains("\"debit_time\":\"1970-01-01T00:00:00Z\",\"credit_time\":\"1970-01-01T00:00:00.001Z\"");
    }

    @Test
    void exceptionRecordMatchesTheContractExample() {
        PaymentEvent debit =
                new PaymentEvent("e-1", "o-42", EventType.DEBIT, "150000.00", "IDR", t("2026-11-21T10:00:00Z"));
        ExceptionRecord e = ExceptionRecord.unmatched(debit, t("2026-11-21T10:10:00Z"), "10m");
        assertThat(new String(OutputJson.exception(e), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"exception_id\":\"o-42:UNMATCHED_DEBIT\",\"type\":\"UNMATCHED_DEBIT\",\"state\":\"OPEN\","
                                + "\"severity\":\"CRITICAL\",\"order_id\":\"o-42\",\"movement_id\":null,\"event_ids\":[\"e-1\"],"
                                + "\"detected_time\":\"2026-11-21T10:10:00Z\","
                                + "\"detail\":\"debit e-1 of 150000.00 IDR has no credit within 10m\",\"amount\":\"150000.00\",\"currency\":\"IDR\",\"source\":null}");
    }

    @Test
    void malformedFromKafkaNamesItsPosition() {
        ExceptionRecord e = ExceptionRecord.malformed(
                null, "the value is not a JSON object", MalformedSource.kafka("[1]", false, "reconciliation", 3, 1234));
        assertThat(new String(OutputJson.exception(e), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"exception_id\":\"malformed:reconciliation:3:1234\",\"type\":\"MALFORMED_EVENT\",\"state\":\"OPEN\","
                                + "\"severity\":\"WARNING\",\"order_id\":null,\"movement_id\":null,\"event_ids\":[],\"detected_time\":null,"
                                + "\"detail\":\"the value is not a JSON object\",\"amount\":null,\"currency\":null,\"source\":{\"raw\":\"[1]\",\"truncated\":false,"
                                + "\"topic\":\"reconciliation\",\"partition\":3,\"offset\":1234}}");
    }

    @Test
    void malformedFromAFileNamesFileAndLine() {
        ExceptionRecord e = ExceptionRecord.malformed("o-1", "x", MalformedSource.file("{", false, "day.jsonl", 7));
        String json = new String(OutputJson.exception(e), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"exception_id\":\"malformed:day.jsonl:7\"");
        assertThat(json).endsWith("\"source\":{\"raw\":\"{\",\"truncated\":false,\"file\":\"day.jsonl\",\"line\":7}}");
    }
}
