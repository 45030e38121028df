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
        assertThat(r.malformed.orderId).isEqualTo("o-9");
        return r.malformed.source.raw;
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
