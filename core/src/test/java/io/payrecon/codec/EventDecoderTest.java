package io.payrecon.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.model.EventType;
import io.payrecon.model.PaymentEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The input contract's field rules, one row per accepted and rejected shape. */
class EventDecoderTest {
    private final EventDecoder decoder = new EventDecoder();

    private static String debit(String amount, String currency, String time) {
        return "{\"event_id\":\"e-1\",\"order_id\":\"o-42\",\"type\":\"debit\",\"amount\":" + amount + ",\"currency\":"
                + currency + ",\"event_time\":" + time + "}";
    }

    private DecodeResult decode(String json) {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> accepted() {
        long t = Instant.parse("2026-11-21T10:00:00Z").toEpochMilli();
        return Stream.of(
                Arguments.of(
                        "amount as a JSON number keeps its text",
                        debit("150000.00", "\"IDR\"", "" + t),
                        "150000.00",
                        t),
                Arguments.of("amount as a JSON string", debit("\"100.0\"", "\"USD\"", "" + t), "100.0", t),
                Arguments.of("integer amount", debit("7", "\"JPY\"", "" + t), "7", t),
                Arguments.of(
                        "18 digits and 8 decimals",
                        debit("\"123456789012345678.12345678\"", "\"USD\"", "" + t),
                        "123456789012345678.12345678",
                        t),
                Arguments.of("leading zeros in a string amount", debit("\"007.50\"", "\"USD\"", "" + t), "007.50", t),
                Arguments.of("ISO time in UTC", debit("1", "\"USD\"", "\"2026-11-21T10:00:00Z\""), "1", t),
                Arguments.of("ISO time with an offset", debit("1", "\"USD\"", "\"2026-11-21T17:00:00+07:00\""), "1", t),
                Arguments.of(
                        "ISO time with a negative offset",
                        debit("1", "\"USD\"", "\"2026-11-21T05:30:00-04:30\""),
                        "1",
                        t),
                Arguments.of(
                        "fraction cut to milliseconds, not rounded",
                        debit("1", "\"USD\"", "\"2026-11-21T10:00:00.123999999Z\""),
                        "1",
                        t + 123),
                Arguments.of("one fraction digit", debit("1", "\"USD\"", "\"2026-11-21T10:00:00.5Z\""), "1", t + 500),
                Arguments.of("v3 rule 13: epoch millis 0, the first valid time", debit("1", "\"USD\"", "0"), "1", 0L),
                Arguments.of(
                        "v3 rule 13: the last millisecond of year 9999",
                        debit("1", "\"USD\"", "253402300799999"),
                        "1",
                        253402300799999L),
                Arguments.of(
                        "v3 rule 13: the last millisecond of year 9999 as a string",
                        debit("1", "\"USD\"", "\"9999-12-31T23:59:59.999Z\""),
                        "1",
                        253402300799999L),
                Arguments.of(
                        "unknown fields, nested, are ignored",
                        "{\"source\":{\"a\":[1,2,{\"b\":null}]},\"event_id\":\"e-1\",\"order_id\":\"o-42\",\"type\":\"DEBIT\","
                                + "\"amount\":\"1\",\"currency\":\"USD\",\"event_time\":" + t + ",\"x\":1.5e300}",
                        "1",
                        t));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accepted")
    void accepts(String why, String json, String amount, long time) {
        DecodeResult r = decode(json);
        assertThat(r.error()).isNull();
        PaymentEvent e = r.event();
        assertThat(e.eventId).isEqualTo("e-1");
        assertThat(e.orderId).isEqualTo("o-42");
        assertThat(e.type).isEqualTo(EventType.DEBIT);
        assertThat(e.amount).isEqualTo(amount);
        assertThat(e.eventTime).isEqualTo(time);
    }

    static Stream<Arguments> rejected() {
        String ok = "1763719200000";
        return Stream.of(
                Arguments.of("not JSON", "hello", "invalid JSON"),
                Arguments.of("a JSON array", "[1,2]", "not a JSON object"),
                Arguments.of("a JSON string", "\"x\"", "not a JSON object"),
                Arguments.of("empty", "", "empty"),
                Arguments.of("trailing data", debit("1", "\"USD\"", ok) + " {}", "trailing data"),
                Arguments.of("trailing garbage", debit("1", "\"USD\"", ok) + "x", "invalid JSON"),
                Arguments.of("truncated object", "{\"event_id\":\"e-1\"", "invalid JSON"),
                Arguments.of("NaN amount", debit("NaN", "\"USD\"", ok), "invalid JSON"),
                Arguments.of("repeated field name", "{\"event_id\":\"a\",\"event_id\":\"b\"}", "invalid JSON"),
                Arguments.of("repeated name inside an ignored field", "{\"x\":{\"a\":1,\"a\":2}}", "invalid JSON"),
                Arguments.of(
                        "missing event_id",
                        "{\"order_id\":\"o\",\"type\":\"order_confirmed\",\"event_time\":1}",
                        "missing event_id"),
                Arguments.of(
                        "missing order_id",
                        "{\"event_id\":\"e\",\"type\":\"order_confirmed\",\"event_time\":1}",
                        "missing order_id"),
                Arguments.of(
                        "missing type", "{\"event_id\":\"e\",\"order_id\":\"o\",\"event_time\":1}", "missing type"),
                Arguments.of(
                        "missing event_time",
                        "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"order_confirmed\"}",
                        "missing event_time"),
                Arguments.of(
                        "order_id as a number",
                        "{\"event_id\":\"e\",\"order_id\":42,\"type\":\"order_confirmed\",\"event_time\":1}",
                        "order_id must be a JSON string, not a number"),
                Arguments.of(
                        "event_id null",
                        "{\"event_id\":null,\"order_id\":\"o\",\"type\":\"order_confirmed\",\"event_time\":1}",
                        "event_id must be a JSON string, not null"),
                Arguments.of(
                        "empty event_id",
                        "{\"event_id\":\"\",\"order_id\":\"o\",\"type\":\"order_confirmed\",\"event_time\":1}",
                        "1 to 256 characters"),
                Arguments.of(
                        "257-character order_id",
                        "{\"event_id\":\"e\",\"order_id\":\"" + "x".repeat(257)
                                + "\",\"type\":\"order_confirmed\",\"event_time\":1}",
                        "1 to 256 characters"),
                Arguments.of(
                        "unknown type",
                        "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"refund\",\"event_time\":1}",
                        "unknown type"),
                Arguments.of(
                        "type with spaces",
                        "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\" debit\",\"event_time\":1}",
                        "unknown type"),
                Arguments.of(
                        "type with a non-ASCII letter that folds to i",
                        "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"DEB\u0130T\",\"event_time\":1}",
                        "unknown type"),
                Arguments.of(
                        "missing amount",
                        "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"credit\",\"currency\":\"USD\",\"event_time\":1}",
                        "missing amount"),
                Arguments.of(
                        "missing currency",
                        "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"credit\",\"amount\":1,\"event_time\":1}",
                        "missing currency"),
                Arguments.of("negative amount", debit("-5", "\"USD\"", ok), "not a plain decimal"),
                Arguments.of("zero amount", debit("0", "\"USD\"", ok), "greater than 0"),
                Arguments.of("zero amount with decimals", debit("\"0.00\"", "\"USD\"", ok), "greater than 0"),
                Arguments.of("exponent amount", debit("1e5", "\"USD\"", ok), "not a plain decimal"),
                Arguments.of("19-digit amount", debit("\"1234567890123456789\"", "\"USD\"", ok), "not a plain decimal"),
                Arguments.of("9 decimals", debit("\"1.123456789\"", "\"USD\"", ok), "not a plain decimal"),
                Arguments.of("non-numeric amount", debit("\"ten\"", "\"USD\"", ok), "not a plain decimal"),
                Arguments.of("amount with a separator", debit("\"1,000.00\"", "\"USD\"", ok), "not a plain decimal"),
                Arguments.of("amount with a space", debit("\" 1.00\"", "\"USD\"", ok), "not a plain decimal"),
                Arguments.of("amount with a plus sign", debit("\"+1.00\"", "\"USD\"", ok), "not a plain decimal"),
                Arguments.of("amount ending in a dot", debit("\"1.\"", "\"USD\"", ok), "not a plain decimal"),
                Arguments.of(
                        "amount as a boolean", debit("true", "\"USD\"", ok), "amount must be a JSON number or string"),
                Arguments.of("lower-case currency", debit("1", "\"usd\"", ok), "not an upper-case ISO 4217 code"),
                Arguments.of("unknown currency", debit("1", "\"XYZ\"", ok), "not an upper-case ISO 4217 code"),
                Arguments.of("currency as a number", debit("1", "840", ok), "currency must be a JSON string"),
                Arguments.of(
                        "numeric-string time", debit("1", "\"USD\"", "\"1763719200000\""), "is not epoch milliseconds"),
                Arguments.of(
                        "float time", debit("1", "\"USD\"", "1763719200000.5"), "event_time must be a JSON integer"),
                Arguments.of(
                        "time beyond 64 bits", debit("1", "\"USD\"", "9223372036854775808"), "does not fit in 64 bits"),
                Arguments.of(
                        "ISO time without an offset",
                        debit("1", "\"USD\"", "\"2026-11-21T10:00:00\""),
                        "is not epoch milliseconds"),
                Arguments.of(
                        "ISO time with a space",
                        debit("1", "\"USD\"", "\"2026-11-21 10:00:00Z\""),
                        "is not epoch milliseconds"),
                Arguments.of("ISO date only", debit("1", "\"USD\"", "\"2026-11-21\""), "is not epoch milliseconds"),
                Arguments.of(
                        "ISO time with 10 fraction digits",
                        debit("1", "\"USD\"", "\"2026-11-21T10:00:00.1234567890Z\""),
                        "is not epoch milliseconds"),
                Arguments.of(
                        "impossible date",
                        debit("1", "\"USD\"", "\"2026-02-30T10:00:00Z\""),
                        "is not epoch milliseconds"),
                Arguments.of(
                        "lower-case z", debit("1", "\"USD\"", "\"2026-11-21T10:00:00z\""), "is not epoch milliseconds"),
                Arguments.of(
                        "offset without a colon",
                        debit("1", "\"USD\"", "\"2026-11-21T10:00:00+0700\""),
                        "is not epoch milliseconds"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejected")
    void rejects(String why, String json, String error) {
        DecodeResult r = decode(json);
        assertThat(r.isEvent()).isFalse();
        assertThat(r.error()).contains(error);
    }

    @Test
    void rejectsInvalidUtf8EvenInAnIgnoredField() {
        byte[] bytes =
                ("{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"order_confirmed\",\"event_time\":1,\"note\":\"\u00e9\"}")
                        .getBytes(StandardCharsets.UTF_8);
        assertThat(decoder.decode(bytes).isEvent()).isTrue();
        bytes[bytes.length - 3] = (byte) 0xC3; // a lead byte followed by '"' is not UTF-8
        bytes[bytes.length - 4] = (byte) 0xFF;
        DecodeResult r = decoder.decode(bytes);
        assertThat(r.error()).isEqualTo("the value is not valid UTF-8");
    }

    @Test
    void rejectsNestingDeeperThanAThousandLevels() {
        String ok = "[".repeat(998) + "]".repeat(998); // with the outer object: 999 levels
        String deep = "[".repeat(1000) + "]".repeat(1000);
        String event = "\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"order_confirmed\",\"event_time\":1";
        assertThat(decode("{\"x\":" + ok + "," + event + "}").isEvent()).isTrue();
        assertThat(decode("{\"x\":" + deep + "," + event + "}").error()).contains("invalid JSON");
    }

    @Test
    void lifecycleEventsIgnoreMoneyFields() {
        DecodeResult r = decode(
                "{\"event_id\":\"e\",\"order_id\":\"o\",\"type\":\"Order_Shipped\",\"event_time\":1,\"amount\":null}");
        assertThat(r.event().type).isEqualTo(EventType.ORDER_SHIPPED);
        assertThat(r.event().amount).isNull();
    }

    @Test
    void malformedKeepsTheOrderIdWhenReadable() {
        assertThat(decode(debit("-1", "\"USD\"", "1")).orderId()).isEqualTo("o-42");
        assertThat(decode("{\"order_id\":\"o-7\",\"event_id\":").orderId()).isEqualTo("o-7");
        assertThat(decode("{\"order_id\":7}").orderId()).isNull();
    }

    @Test
    void twoHundredFiftySixCharactersAreCountedAsCharactersNotBytes() {
        String id = "\u00e9".repeat(256); // 512 bytes, 256 characters
        DecodeResult r = decode(
                "{\"event_id\":\"" + id + "\",\"order_id\":\"o\",\"type\":\"order_confirmed\",\"event_time\":1}");
        assertThat(r.isEvent()).isTrue();
    }
}
