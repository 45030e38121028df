package io.payrecon.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.model.Kind;
import io.payrecon.model.PaymentEvent;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Contract v3's input: movement_id, kind and fee on a side; the time range of rule 13; quoting by policy. */
class MovementFieldsDecoderTest {
    private final EventDecoder decoder = new EventDecoder();

    private static String side(String type, String extra) {
        return "{\"event_id\":\"e-1\",\"order_id\":\"o-42\",\"type\":\"" + type
                + "\",\"amount\":\"10.00\",\"currency\":\"EUR\",\"event_time\":1763719200000" + extra + "}";
    }

    private DecodeResult decode(String json) {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> accepted() {
        return Stream.of(
                Arguments.of(
                        "no v3 field: the default movement's payment", side("debit", ""), null, Kind.PAYMENT, null),
                Arguments.of(
                        "all three on a credit",
                        side("credit", ",\"movement_id\":\"re_7\",\"kind\":\"refund\",\"fee\":\"1.50\""),
                        "re_7",
                        Kind.REFUND,
                        "1.50"),
                Arguments.of(
                        "JSON nulls are absences",
                        side("credit", ",\"movement_id\":null,\"kind\":null,\"fee\":null"),
                        null,
                        Kind.PAYMENT,
                        null),
                Arguments.of(
                        "kind folds ASCII case",
                        side("debit", ",\"kind\":\"ChargeBack\""),
                        null,
                        Kind.CHARGEBACK,
                        null),
                Arguments.of("a fee of 0", side("credit", ",\"fee\":0"), null, Kind.PAYMENT, "0"),
                Arguments.of(
                        "a fee of 0.00 as a number keeps its text",
                        side("credit", ",\"fee\":0.00"),
                        null,
                        Kind.PAYMENT,
                        "0.00"),
                Arguments.of(
                        "a 256-character movement id",
                        side("debit", ",\"movement_id\":\"" + "m".repeat(256) + "\""),
                        "m".repeat(256),
                        Kind.PAYMENT,
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void acceptsMovementFields(String why, String json, String movementId, Kind kind, String fee) {
        DecodeResult r = decode(json);
        assertThat(r.error()).isNull();
        PaymentEvent e = r.event();
        assertThat(e.movementId).isEqualTo(movementId);
        assertThat(e.kind).isEqualTo(kind);
        assertThat(e.fee).isEqualTo(fee);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                Arguments.of("a debit with a fee", side("debit", ",\"fee\":\"1.00\""), "a debit takes no fee"),
                Arguments.of("an empty movement id", side("debit", ",\"movement_id\":\"\""), "1 to 256 characters"),
                Arguments.of(
                        "a 257-character movement id",
                        side("debit", ",\"movement_id\":\"" + "m".repeat(257) + "\""),
                        "1 to 256 characters"),
                Arguments.of(
                        "a movement id as a number",
                        side("debit", ",\"movement_id\":7"),
                        "movement_id must be a JSON string"),
                Arguments.of("an unknown kind", side("credit", ",\"kind\":\"fee\""), "unknown kind 'fee'"),
                Arguments.of("a kind with spaces", side("credit", ",\"kind\":\" refund\""), "unknown kind"),
                Arguments.of("a negative fee", side("credit", ",\"fee\":\"-1\""), "fee '-1' is not a plain decimal"),
                Arguments.of("a fee with an exponent", side("credit", ",\"fee\":1e2"), "is not a plain decimal"),
                Arguments.of(
                        "a fee as a boolean", side("credit", ",\"fee\":true"), "fee must be a JSON number or string"),
                Arguments.of(
                        "v3 rule 13: before 1970",
                        "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"order_confirmed\",\"event_time\":-1}",
                        "outside 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z"),
                Arguments.of(
                        "v3 rule 13: microseconds",
                        "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"order_confirmed\",\"event_time\":1763719200000000}",
                        "outside 1970"),
                Arguments.of(
                        "v3 rule 13: one millisecond after year 9999",
                        "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"order_confirmed\",\"event_time\":253402300800000}",
                        "outside 1970"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejectsBrokenMovementFields(String why, String json, String error) {
        assertThat(decode(json).error()).contains(error);
    }

    @Test
    void lifecycleEventsIgnoreTheMovementFieldsEvenWhenBroken() {
        DecodeResult r = decode("{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"order_shipped\",\"event_time\":1,"
                + "\"movement_id\":7,\"kind\":\"x\",\"fee\":\"-1\"}");
        assertThat(r.error()).isNull();
        assertThat(r.event().movementId).isNull();
        assertThat(r.event().kind).isNull();
        assertThat(r.event().fee).isNull();
    }

    /** Raw input in exceptions: what the detail quotes of the input follows --malformed-raw. */
    static Stream<Arguments> quoting() {
        String card = side("debit", "").replace("\"10.00\"", "\"4111-1111-1111-1111\"");
        return Stream.of(
                Arguments.of(RawPolicy.FULL, card, "amount '4111-1111-1111-1111' is not a plain decimal"),
                Arguments.of(RawPolicy.REDACTED, card, "amount '####-####-####-####' is not a plain decimal"),
                Arguments.of(RawPolicy.NONE, card, "amount '(withheld)' is not a plain decimal"),
                Arguments.of(
                        RawPolicy.REDACTED,
                        "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"4111111111111111\",\"event_time\":1}",
                        "unknown type '################'"),
                Arguments.of(RawPolicy.REDACTED, "{\"a\":4111111111111111x}", "invalid JSON: "));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("quoting")
    void detailQuotesTheInputAsThePolicyAllows(RawPolicy policy, String json, String detail) {
        String error = new EventDecoder(policy)
                .decode(json.getBytes(StandardCharsets.UTF_8))
                .error();
        assertThat(error).contains(detail);
        if (policy != RawPolicy.FULL) {
            assertThat(error).doesNotContain("4111");
        }
    }
}
