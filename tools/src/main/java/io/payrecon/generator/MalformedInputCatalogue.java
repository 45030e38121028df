package io.payrecon.generator;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Every shape of malformed input the project feeds the job, in one list: the generator draws its
 * malformed records from it, and the hostile-input test and benchmark use its {@link #hostileCorpus()
 * corpus}. Each shape turns a valid debit into a value that breaks the input contract (see
 * docs/contract.md) in one way.
 *
 * <p>Two kinds of shape. Those {@link Shape#inTraffic() in traffic} are what a broken producer
 * sends now and then: small, and each wrong in one field; the generator rotates through them in
 * declaration order, so any run with at least {@code IN_TRAFFIC.size()} malformed records shows
 * every one. The others are hostile: huge, deeply nested, empty or not an object at all. They stay
 * out of generated traffic, because a 10 MiB value would dominate a run and because adding a shape
 * to the rotation would change the bytes every seed generates; new shapes go at the end, as
 * hostile ones, for the same reason.
 *
 * <p>The job module's own decoder test keeps its separate table of rejected values: the job cannot
 * depend on this module, and this catalogue is test data that does not belong in the job's jar.
 */
public final class MalformedInputCatalogue {
    private MalformedInputCatalogue() {}

    /** The shapes the generator rotates through, in that order. */
    public static final List<Shape> IN_TRAFFIC =
            Arrays.stream(Shape.values()).filter(Shape::inTraffic).toList();

    /** The event time of the corpus' debits: 2026-11-21T10:00:00Z, the generator's default start. */
    private static final long CORPUS_EVENT_TIME = 1_795_255_200_000L;

    /**
     * The valid debit a malformed value is made from.
     *
     * @param orderId the order's id
     * @param orderNo the order's number, for the shapes that write the order id as a JSON number
     * @param eventId a fresh event id
     * @param amountText the amount as plain decimal text ("150000.00")
     * @param currency an ISO 4217 code
     * @param eventTime epoch ms
     */
    public record Debit(
            String orderId, int orderNo, String eventId, String amountText, String currency, long eventTime) {

        /** The debit as the contract wants it; each shape breaks a copy of this. */
        JsonText json() {
            return new JsonText()
                    .add("event_id", JsonText.quote(eventId))
                    .add("order_id", JsonText.quote(orderId))
                    .add("type", "\"debit\"")
                    .add("amount", JsonText.quote(amountText))
                    .add("currency", JsonText.quote(currency))
                    .add("event_time", Long.toString(eventTime));
        }

        BigDecimal amount() {
            return new BigDecimal(amountText);
        }
    }

    /** How one shape breaks a debit. */
    @FunctionalInterface
    private interface Breaker {
        byte[] value(Debit debit);
    }

    /** The shapes, each with how to build it; the first {@code IN_TRAFFIC.size()} are the traffic ones. */
    public enum Shape {
        /** Plain text, not JSON at all. */
        NOT_JSON(true, d -> utf8(plainText(d))),
        /** A JSON array holding a valid event object: not one JSON object. */
        JSON_ARRAY(true, d -> utf8("[" + d.json() + "]")),
        /** A valid object followed by a second object in the same value. */
        TRAILING_DATA(true, d -> utf8(d.json().toString() + d.json())),
        /** {@code "amount":NaN}. */
        NAN_AMOUNT(true, d -> d.json().replace("amount", "NaN").toBytes()),
        /** The field {@code amount} given twice. */
        DUPLICATE_FIELD(
                true,
                d -> d.json()
                        .add(
                                "amount",
                                JsonText.quote(d.amount().add(BigDecimal.ONE).toPlainString()))
                        .toBytes()),
        /** No {@code event_id}. */
        MISSING_EVENT_ID(true, d -> d.json().remove("event_id").toBytes()),
        /** A negative amount (as a JSON number). */
        NEGATIVE_AMOUNT(
                true, d -> d.json().replace("amount", "-" + d.amountText()).toBytes()),
        /** An amount of zero ("0.00"). */
        ZERO_AMOUNT(
                true,
                d -> d.json()
                        .replace(
                                "amount",
                                JsonText.quote(BigDecimal.ZERO
                                        .setScale(d.amount().scale())
                                        .toPlainString()))
                        .toBytes()),
        /** An amount in exponent notation ({@code 1.5E5}). */
        EXPONENT_AMOUNT(
                true, d -> d.json().replace("amount", scientific(d.amount())).toBytes()),
        /** An amount with 19 integer digits. */
        NINETEEN_DIGIT_AMOUNT(
                true,
                d -> d.json()
                        .replace(
                                "amount",
                                JsonText.quote(BigDecimal.TEN
                                        .pow(18)
                                        .add(d.amount())
                                        .setScale(2)
                                        .toPlainString()))
                        .toBytes()),
        /** An amount with 9 decimals. */
        NINE_DECIMAL_AMOUNT(
                true,
                d -> d.json()
                        .replace(
                                "amount",
                                d.amount().add(new BigDecimal("0.000000001")).toPlainString())
                        .toBytes()),
        /** A currency in lower case ("idr"). */
        LOWER_CASE_CURRENCY(
                true,
                d -> d.json()
                        .replace("currency", JsonText.quote(d.currency().toLowerCase(Locale.ROOT)))
                        .toBytes()),
        /** Three upper-case letters that are no ISO 4217 code ("XQZ"). */
        UNKNOWN_CURRENCY(true, d -> d.json().replace("currency", "\"XQZ\"").toBytes()),
        /** A type outside the contract ("refund"). */
        UNKNOWN_TYPE(true, d -> d.json().replace("type", "\"refund\"").toBytes()),
        /** {@code event_time} as a numeric string ("1795255200000"). */
        NUMERIC_STRING_EVENT_TIME(
                true,
                d -> d.json()
                        .replace("event_time", JsonText.quote(Long.toString(d.eventTime())))
                        .toBytes()),
        /** {@code order_id} as a JSON number. */
        ORDER_ID_NUMBER(
                true,
                d -> d.json().replace("order_id", Integer.toString(d.orderNo())).toBytes()),
        /** Bytes that are not valid UTF-8 inside a string (an extra field the job would otherwise ignore). */
        INVALID_UTF8(true, MalformedInputCatalogue::invalidUtf8),
        /** A debit without {@code amount}. */
        MISSING_AMOUNT(true, d -> d.json().remove("amount").toBytes()),
        /** An {@code event_id} of 257 characters. */
        EVENT_ID_TOO_LONG(
                true,
                d -> d.json()
                        .replace("event_id", JsonText.quote(padTo(d.eventId() + "-", 257)))
                        .toBytes()),
        /** An ISO date-time without zone offset ("2026-11-21T10:00:00"). */
        EVENT_TIME_WITHOUT_OFFSET(
                true,
                d -> d.json()
                        .replace(
                                "event_time",
                                JsonText.quote(LocalDateTime.ofEpochSecond(
                                                Math.floorDiv(d.eventTime(), 1000), 0, ZoneOffset.UTC)
                                        .toString()))
                        .toBytes()),
        /** An amount with a thousands separator ("150,000.00"). */
        AMOUNT_WITH_SEPARATOR(
                true,
                d -> d.json()
                        .replace("amount", JsonText.quote(withSeparator(d.amount())))
                        .toBytes()),

        // Hostile: never in generated traffic.

        /** A JSON string, not an object. */
        JSON_STRING(false, d -> utf8(JsonText.quote(plainText(d)))),
        /** A bare JSON number, not an object. */
        JSON_NUMBER(false, d -> utf8(d.amountText())),
        /** An empty value (zero bytes). */
        EMPTY(false, d -> new byte[0]),
        /** An ignored field nested 2,000 arrays deep, twice what the job's decoder accepts. */
        DEEP_NESTING(
                false,
                d -> d.json()
                        .insert(0, "x", "[".repeat(2_000) + "]".repeat(2_000))
                        .toBytes()),
        /** {@code event_id} as a JSON number. */
        EVENT_ID_NUMBER(
                false,
                d -> d.json().replace("event_id", Integer.toString(d.orderNo())).toBytes()),
        /** An amount in words ("ten"). */
        NON_NUMERIC_AMOUNT(false, d -> d.json().replace("amount", "\"ten\"").toBytes()),
        /** An {@code order_id} of 100,000 characters: larger than the raw text an exception carries. */
        HUGE_ORDER_ID(
                false,
                d -> d.json()
                        .replace("order_id", JsonText.quote(padTo(d.orderId() + "-", 100_000)))
                        .toBytes()),
        /** A 10 MiB value, an ignored field of 10 MiB and no {@code event_time}: what a broker may still accept. */
        HUGE_VALUE(
                false,
                d -> d.json()
                        .remove("event_time")
                        .add("blob", JsonText.quote("x".repeat(10 * 1024 * 1024)))
                        .toBytes());

        private final boolean inTraffic;
        private final Breaker breaker;

        Shape(boolean inTraffic, Breaker breaker) {
            this.inTraffic = inTraffic;
            this.breaker = breaker;
        }

        /** Whether the generator writes this shape; the others are hostile and only in the corpus. */
        public boolean inTraffic() {
            return inTraffic;
        }

        /** The malformed value: {@code debit} broken this way. */
        public byte[] value(Debit debit) {
            return breaker.value(debit);
        }
    }

    /**
     * One value of every shape, in declaration order, each made from its own debit (event id
     * {@code h-N}, order id {@code h-o-N}, 1.00 EUR): the corpus the hostile-input test spreads
     * through clean traffic, and the hostile-throughput benchmark rotates through. Includes a
     * 10 MiB value ({@link Shape#HUGE_VALUE}) and a 100 KB one ({@link Shape#HUGE_ORDER_ID}).
     */
    public static List<byte[]> hostileCorpus() {
        List<byte[]> corpus = new ArrayList<>(Shape.values().length);
        for (Shape shape : Shape.values()) {
            int n = shape.ordinal() + 1;
            corpus.add(shape.value(new Debit("h-o-" + n, n, "h-" + n, "1.00", "EUR", CORPUS_EVENT_TIME)));
        }
        return corpus;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** "debit o-7-12 150000.00 IDR at 2026-11-21T10:00:00Z": how a log line would say it. */
    private static String plainText(Debit d) {
        return "debit " + d.orderId() + " " + d.amountText() + " " + d.currency() + " at "
                + Instant.ofEpochMilli(d.eventTime());
    }

    /** The debit with an extra "source" whose text holds 0xC3 '(': a lead byte nothing can follow. */
    private static byte[] invalidUtf8(Debit d) {
        String head = d.json().toString();
        byte[] prefix = utf8(head.substring(0, head.length() - 1) + ",\"source\":\"kiosk-");
        byte[] suffix = utf8("\"}");
        byte[] value = new byte[prefix.length + 2 + suffix.length];
        System.arraycopy(prefix, 0, value, 0, prefix.length);
        value[prefix.length] = (byte) 0xC3;
        value[prefix.length + 1] = (byte) '(';
        System.arraycopy(suffix, 0, value, prefix.length + 2, suffix.length);
        return value;
    }

    /** The same value in exponent notation, one digit before the point: 2946.13 as "2.94613E3". */
    private static String scientific(BigDecimal amount) {
        int exponent = amount.precision() - amount.scale() - 1;
        return amount.movePointLeft(exponent).toPlainString() + "E" + exponent;
    }

    private static String padTo(String prefix, int length) {
        StringBuilder sb = new StringBuilder(length).append(prefix);
        while (sb.length() < length) {
            sb.append('x');
        }
        return sb.toString();
    }

    /** "150,000.00"; amounts under 1,000 get a leading "1," so there is always a separator. */
    private static String withSeparator(BigDecimal amount) {
        String plain = amount.toPlainString();
        int dot = plain.indexOf('.');
        String whole = dot < 0 ? plain : plain.substring(0, dot);
        String fraction = dot < 0 ? "" : plain.substring(dot);
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < whole.length(); i++) {
            if (i > 0 && (whole.length() - i) % 3 == 0) {
                grouped.append(',');
            }
            grouped.append(whole.charAt(i));
        }
        if (grouped.indexOf(",") < 0) {
            String padded = "00" + whole;
            grouped = new StringBuilder("1,").append(padded.substring(padded.length() - 3));
        }
        return grouped + fraction;
    }
}
