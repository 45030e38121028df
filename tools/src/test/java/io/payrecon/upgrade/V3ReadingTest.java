package io.payrecon.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** How v3 reads a value differently from v2, one case per reason, and the cases that do not differ. */
class V3ReadingTest {
    private static final String DEBIT =
            "{\"event_id\":\"e1\",\"order_id\":\"o1\",\"type\":\"debit\",\"amount\":\"10.00\",\"currency\":\"EUR\","
                    + "\"event_time\":1795255200000";
    private static final String CREDIT = DEBIT.replace("\"debit\"", "\"credit\"");
    private static final String SHIPPED =
            "{\"event_id\":\"e2\",\"order_id\":\"o1\",\"type\":\"order_shipped\",\"event_time\":1795255200000";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a v2 debit", DEBIT + "}", ""),
                Arguments.of(
                        "JSON nulls are absent fields",
                        DEBIT + ",\"movement_id\":null,\"kind\":null,\"fee\":null}",
                        ""),
                Arguments.of("an explicit payment", DEBIT + ",\"kind\":\"PAYMENT\"}", ""),
                Arguments.of("lifecycle events ignore the fields", SHIPPED + ",\"kind\":7,\"fee\":\"x\"}", ""),
                Arguments.of("malformed for v2 already", DEBIT + ",\"amount\":\"1\"}", ""),
                Arguments.of("broken JSON", DEBIT + ",\"fee\":", ""),
                Arguments.of("a fee on a debit", DEBIT + ",\"fee\":\"0.30\"}", "FEE_ON_DEBIT"),
                Arguments.of("a fee on a debit as a number", DEBIT + ",\"fee\":0.30}", "FEE_ON_DEBIT"),
                Arguments.of("another kind", CREDIT + ",\"kind\":\"sale\"}", "KIND_INVALID"),
                Arguments.of(
                        "a kind that is an object",
                        "{\"kind\":{\"a\":[1,\"}\"]}," + CREDIT.substring(1) + "}",
                        "KIND_INVALID"),
                Arguments.of(
                        "a numeric movement id", CREDIT + ",\"movement_id\":4111111111111111}", "MOVEMENT_ID_INVALID"),
                Arguments.of("a fee that is not a decimal", CREDIT + ",\"fee\":\"1,5\"}", "FEE_INVALID"),
                Arguments.of(
                        "two bad fields",
                        CREDIT + ",\"kind\":\"x\",\"movement_id\":\"\"}",
                        "MOVEMENT_ID_INVALID KIND_INVALID"),
                Arguments.of("a movement id", CREDIT + ",\"movement_id\":\"re-1\"}", "MOVEMENT_ID_SET"),
                Arguments.of(
                        "a refund with a fee",
                        "{\"fee\":\"0.3\", \"kind\" : \"Refund\" ," + CREDIT.substring(1) + "}",
                        "KIND_RETURNS_MONEY FEE_SET"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void differences(String name, String json, String expected) {
        Set<V3Difference> found = new V3Reading().differences(json.getBytes(StandardCharsets.UTF_8));
        assertThat(found.stream().map(Enum::name).collect(Collectors.joining(" ")))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void v2sViewKeepsEveryOtherByte(String name, String json, String expected) {
        byte[] value = json.getBytes(StandardCharsets.UTF_8);
        String nulled = new String(V3Reading.withNulls(value, V3Reading.V3_FIELDS), StandardCharsets.UTF_8);
        assertThat(nulled.replaceAll("\"(movement_id|kind|fee)\"\\s*:\\s*null", ""))
                .isEqualTo(
                        json.contains("\"fee\":}") || !json.endsWith("}")
                                ? json.replaceAll("\"(movement_id|kind|fee)\"\\s*:\\s*null", "")
                                : json.replaceAll(
                                        "\"(movement_id|kind|fee)\"\\s*:\\s*(\\{\"a\":\\[1,\"}\"]}|\"[^\"]*\"|[^,}]+)",
                                        ""));
        assertThat(V3Reading.withNulls(value, List.of())).isEqualTo(value);
    }
}
