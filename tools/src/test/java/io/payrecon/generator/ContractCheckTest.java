package io.payrecon.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pins the tests' own contract reader, so that the generator is checked against the right rules. */
class ContractCheckTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"debit\",\"amount\":100.5,\"currency\":\"IDR\",\"event_time\":1}",
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"CREDIT\",\"amount\":\"1\",\"currency\":\"JPY\","
                        + "\"event_time\":\"2026-11-21T17:00:00.123456789+07:00\",\"source\":{\"a\":[1,{}]}}",
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"Order_Shipped\",\"event_time\":\"2026-11-21T10:00:00Z\"}",
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"credit\",\"amount\":\"9.70\",\"currency\":\"EUR\",\"event_time\":1,"
                        + "\"movement_id\":\"re-1\",\"kind\":\"Refund\",\"fee\":0.30}",
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"debit\",\"amount\":\"1\",\"currency\":\"EUR\",\"event_time\":1,"
                        + "\"movement_id\":null,\"kind\":null,\"fee\":null}",
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"order_shipped\",\"event_time\":1,\"fee\":\"x\",\"kind\":7}",
            })
    void acceptsValidEvents(String json) {
        assertThat(ContractCheck.isMalformed(json.getBytes(StandardCharsets.UTF_8)))
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[]",
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"debit\",\"amount\":1,\"currency\":\"IDR\",\"event_time\":1} {}",
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"debit\",\"amount\":NaN,\"currency\":\"IDR\",\"event_time\":1}",
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"debit\",\"type\":\"debit\",\"amount\":1,\"currency\":\"IDR\","
                        + "\"event_time\":1}",
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"debit\",\"amount\":-1,\"currency\":\"IDR\",\"event_time\":1}",
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"debit\",\"amount\":\"0\",\"currency\":\"IDR\",\"event_time\":1}",
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"debit\",\"amount\":1e2,\"currency\":\"IDR\",\"event_time\":1}",
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"debit\",\"amount\":\"1\",\"currency\":\"idr\",\"event_time\":1}",
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"debit\",\"amount\":\"1\",\"currency\":\"XQZ\",\"event_time\":1}",
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"debit\",\"amount\":\"1\",\"currency\":\"IDR\",\"event_time\":\"1\"}",
                "{\"event_id\":\"e\",\"order_id\":7,\"type\":\"debit\",\"amount\":\"1\",\"currency\":\"IDR\",\"event_time\":1}",
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"order_shipped\",\"event_time\":\"2026-11-21T10:00:00\"}",
                "{\"event_id\":\"\",\"order_id\":\"o\",\"type\":\"order_shipped\",\"event_time\":1}",
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"debit\",\"amount\":\"1\",\"currency\":\"EUR\",\"event_time\":1,\"fee\":\"0\"}",
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"credit\",\"amount\":\"1\",\"currency\":\"EUR\",\"event_time\":1,\"kind\":\"sale\"}",
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"credit\",\"amount\":\"1\",\"currency\":\"EUR\",\"event_time\":1,\"movement_id\":7}",
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"credit\",\"amount\":\"1\",\"currency\":\"EUR\",\"event_time\":1,\"fee\":\"-1\"}",
            })
    void rejectsMalformedValues(String json) {
        assertThat(ContractCheck.isMalformed(json.getBytes(StandardCharsets.UTF_8)))
                .isTrue();
    }
}
