package io.payrecon.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.model.InboundRecord;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** --malformed-raw: card and account numbers in bad input can be kept off the exceptions topic. */
class RawPolicyTest {
    private static final byte[] CARD =
            "{\"pan\":\"4111 1111 1111 1111\",\"order_id\":\"o-9\"".getBytes(StandardCharsets.UTF_8);

    private static String raw(RawPolicy policy) {
        InboundRecord r = new InboundDecoder(policy).fromKafka(CARD, "reconciliation", 0, 5);
        assertThat(r.isEvent()).isFalse();
        return r.malformed.source.raw;
    }

    private static String orderId(RawPolicy policy, String value) {
        InboundRecord r =
                new InboundDecoder(policy).fromKafka(value.getBytes(StandardCharsets.UTF_8), "reconciliation", 0, 5);
        assertThat(r.isEvent()).isFalse();
        return r.malformed.orderId;
    }

    /**
     * Issue 24: the order id read from a malformed value is input too, and the record's Kafka key:
     * a card number in it was published as read.
     */
    @Test
    void theOrderIdOfAMalformedValueIsQuotedAsThePolicyAllows() {
        String cardInOrderId = "{\"order_id\":\"4111-1111-1111-1111\",\"type\":\"nope\"}";
        assertThat(orderId(RawPolicy.FULL, cardInOrderId)).isEqualTo("4111-1111-1111-1111");
        assertThat(orderId(RawPolicy.REDACTED, cardInOrderId)).isEqualTo("####-####-####-####");
        assertThat(orderId(RawPolicy.NONE, cardInOrderId)).isNull();
        InboundRecord r = new InboundDecoder(RawPolicy.REDACTED)
                .fromKafka(cardInOrderId.getBytes(StandardCharsets.UTF_8), "reconciliation", 2, 7);
        assertThat(r.malformed.exceptionId)
                .as("on-call finds the value by its position")
                .isEqualTo("malformed:reconciliation:2:7");
        assertThat(orderId(RawPolicy.FULL, new String(CARD, StandardCharsets.UTF_8)))
                .isEqualTo("o-9");
        assertThat(orderId(RawPolicy.REDACTED, new String(CARD, StandardCharsets.UTF_8)))
                .isEqualTo("o-#");
    }

    @Test
    void fullKeepsTheValue() {
        assertThat(raw(RawPolicy.FULL)).isEqualTo("{\"pan\":\"4111 1111 1111 1111\",\"order_id\":\"o-9\"");
    }

    @Test
    void redactedMasksEveryDigit() {
        assertThat(raw(RawPolicy.REDACTED)).isEqualTo("{\"pan\":\"#### #### #### ####\",\"order_id\":\"o-#\"");
    }

    @Test
    void noneKeepsNothing() {
        assertThat(raw(RawPolicy.NONE)).isNull();
        InboundRecord r = new InboundDecoder(RawPolicy.NONE).fromKafka(CARD, "reconciliation", 0, 5);
        assertThat(new String(OutputJson.exception(r.malformed), StandardCharsets.UTF_8))
                .contains("\"source\":{\"raw\":null,");
    }
}
