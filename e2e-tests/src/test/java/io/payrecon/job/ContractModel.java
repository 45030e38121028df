package io.payrecon.job;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Currency;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the contract (v1 rules 1-10, the v2 additions, the v3 additions with rules 11-13) says the
 * {@code reconciled} and {@code exceptions} topics must hold for a bounded input, written from the
 * contract's text alone: plain Java and Jackson, none of the job's or the core's classes, so that a
 * rule the core gets wrong shows up as a difference instead of being copied into the expectation.
 *
 * <p>It works differently from the core on purpose. The input is validated field by field from the
 * input tables. Every order's well-formed events are sorted once into the contract's sequence
 * order (event time, {@code event_id} in code point order, then the v2/v3 content order of copies,
 * then arrival) and replayed; deadlines (rule 3), the retention point (rule 7) and the money
 * retention point (rule 12) are computed as points in that sequence, after the events of their
 * millisecond, and fire before the next later event. End of input is event time reaching infinity
 * (rule 8), or a given event time for an unbounded job pushed that far. Rule 10 (late arrivals) is
 * not modelled: the input is assumed to stay within the out-of-orderness bound, where a bounded
 * replay has no late events.
 *
 * <p>What a comparison leaves out, and why: {@code detail}, on every exception. For well-formed
 * input it is the job's own wording (the contract fixes only what it must mention); for {@code
 * MALFORMED_EVENT} it quotes decoder messages that only the job's decoder can reproduce. This model
 * writes a sentence of its own there, and {@link #comparable(List)} drops the field before
 * comparing. Every other field is compared: ids, types, states, severities, times, {@code
 * event_ids} in sequence order, money, {@code movement_id}, the malformed record's {@code order_id}
 * and {@code source} (raw text cut and redacted per {@code --malformed-raw}).
 *
 * <p>Where the contract leaves a choice open, the model takes one and says so where it does: a
 * deadline and the retention point at the same millisecond fire deadline first; the malformed
 * record's {@code order_id} is filled when a valid top-level {@code order_id} comes, complete,
 * before whatever makes the value malformed, and never for a value that is not valid UTF-8; {@code
 * raw} is cut at 65,536 bytes of its UTF-8 text; nesting deeper than Jackson's default limit (1,000)
 * is malformed; a duplicate side's {@code event_ids} are the side it duplicates and itself (as the
 * project's docs/contract.md spells out rule 5).
 */
public final class ContractModel {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Pattern AMOUNT = Pattern.compile("[0-9]{1,18}(\\.[0-9]{1,8})?");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Pattern TIME =
            Pattern.compile("([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})"
                    + "(?:\\.([0-9]{1,9}))?(?:(Z)|([+-])([0-9]{2}):([0-9]{2}))");
    private static final long MIN_TIME = 0L;
    private static final long MAX_TIME = 253_402_300_799_999L;
    private static final int MAX_ID_CODE_POINTS = 256;
    private static final int RAW_LIMIT_BYTES = 65_536;

    private static final String DEBIT = "debit";
    private static final String CREDIT = "credit";
    private static final String CONFIRMED = "order_confirmed";
    private static final String PAID = "order_payment_success";
    private static final String SHIPPED = "order_shipped";
    private static final String CANCELLED = "order_cancelled";
    private static final Set<String> TYPES = Set.of(DEBIT, CREDIT, CONFIRMED, PAID, SHIPPED, CANCELLED);
    private static final Set<String> KINDS = Set.of("payment", "refund", "chargeback");
    private static final String PAYMENT = "payment";

    /** Rule 6 as a table: from a status (null: none yet) to the lifecycle events allowed next. */
    private static final Map<String, Set<String>> ALLOWED_NEXT = new HashMap<>();

    static {
        ALLOWED_NEXT.put(null, Set.of(CONFIRMED));
        ALLOWED_NEXT.put(CONFIRMED, Set.of(PAID, CANCELLED));
        ALLOWED_NEXT.put(PAID, Set.of(SHIPPED, CANCELLED));
        ALLOWED_NEXT.put(SHIPPED, Set.of());
        ALLOWED_NEXT.put(CANCELLED, Set.of());
    }

    private ContractModel() {}

    /**
     * The flags the contract's rules read, as plain values.
     *
     * @param matchWindowMillis {@code --match-window} (rule 3)
     * @param retentionMillis {@code --retention} (rule 7)
     * @param tolerance {@code --amount-tolerance} (rule 2)
     * @param moneyRetentionMillis {@code --money-retention} (rule 12)
     * @param maxEventsPerOrder {@code --max-events-per-order} (rule 13)
     * @param malformedRaw {@code --malformed-raw}: {@code full}, {@code redacted} or {@code none}
     */
    public record Settings(
            long matchWindowMillis,
            long retentionMillis,
            BigDecimal tolerance,
            long moneyRetentionMillis,
            int maxEventsPerOrder,
            String malformedRaw) {
        private static final long MINUTE = 60_000L;
        private static final long DAY = 24 * 60 * MINUTE;

        /** The contract's defaults: 10m, 7d, 0, 180d, 10,000, redacted. */
        public static Settings defaults() {
            return new Settings(10 * MINUTE, 7 * DAY, BigDecimal.ZERO, 180 * DAY, 10_000, "redacted");
        }

        public Settings withMatchWindow(long millis) {
            return new Settings(
                    millis, retentionMillis, tolerance, moneyRetentionMillis, maxEventsPerOrder, malformedRaw);
        }

        public Settings withRetention(long millis) {
            return new Settings(
                    matchWindowMillis, millis, tolerance, moneyRetentionMillis, maxEventsPerOrder, malformedRaw);
        }

        public Settings withTolerance(String amount) {
            return new Settings(
                    matchWindowMillis,
                    retentionMillis,
                    new BigDecimal(amount),
                    moneyRetentionMillis,
                    maxEventsPerOrder,
                    malformedRaw);
        }

        public Settings withMoneyRetention(long millis) {
            return new Settings(matchWindowMillis, retentionMillis, tolerance, millis, maxEventsPerOrder, malformedRaw);
        }

        public Settings withMaxEventsPerOrder(int max) {
            return new Settings(matchWindowMillis, retentionMillis, tolerance, moneyRetentionMillis, max, malformedRaw);
        }

        public Settings withMalformedRaw(String policy) {
            return new Settings(
                    matchWindowMillis, retentionMillis, tolerance, moneyRetentionMillis, maxEventsPerOrder, policy);
        }
    }

    /**
     * One record of the input, in arrival order: its value and where it was read (a Kafka topic,
     * partition and offset, or a file name and 1-based line), which only a {@code MALFORMED_EVENT}
     * shows.
     */
    public record Input(byte[] value, String topic, int partition, long offset, String file, long line) {
        public static Input kafka(byte[] value, String topic, int partition, long offset) {
            return new Input(value, topic, partition, offset, null, 0);
        }

        public static Input kafka(String value, String topic, int partition, long offset) {
            return kafka(value.getBytes(StandardCharsets.UTF_8), topic, partition, offset);
        }

        public static Input fileLine(byte[] value, String file, long line) {
            return new Input(value, null, 0, 0, file, line);
        }

        /** The lines of a file replay's input, numbered from 1. */
        public static List<Input> fileLines(List<String> lines, String file) {
            List<Input> inputs = new ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                inputs.add(fileLine(lines.get(i).getBytes(StandardCharsets.UTF_8), file, i + 1));
            }
            return inputs;
        }
    }

    /** The records the two topics must hold, as JSON text, in no particular order. */
    public record Output(List<String> reconciled, List<String> exceptions) {}

    /** The output of a bounded input: event time ends at infinity (rule 8). */
    public static Output run(List<Input> inputs, Settings settings) {
        return run(inputs, settings, Long.MAX_VALUE);
    }

    /**
     * The output once event time has reached {@code until}: events at or before it applied, points
     * (deadlines, retention) at or before it passed.
     */
    public static Output run(List<Input> inputs, Settings settings, long until) {
        Output out = new Output(new ArrayList<>(), new ArrayList<>());
        Map<String, List<Event>> orders = new LinkedHashMap<>();
        int arrival = 0;
        for (Input in : inputs) {
            Decoded d = decode(in, arrival++, settings);
            if (d.event != null) {
                orders.computeIfAbsent(d.event.orderId, k -> new ArrayList<>()).add(d.event);
            } else {
                out.exceptions.add(d.malformed.toString());
            }
        }
        for (Map.Entry<String, List<Event>> order : orders.entrySet()) {
            List<Event> sequence = new ArrayList<>(order.getValue());
            sequence.sort(SEQUENCE);
            new Replay(order.getKey(), settings, out).run(sequence, until);
        }
        return out;
    }

    /**
     * Records made comparable: parsed, {@code detail} dropped (see the class comment), fields in
     * name order, sorted. Both sides of a comparison go through this.
     */
    public static List<String> comparable(List<String> records) {
        List<String> result = new ArrayList<>();
        for (String text : records) {
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new AssertionError("not one JSON object: " + text, e);
            }
            if (node == null || !node.isObject()) {
                throw new AssertionError("not a JSON object: " + text);
            }
            ((ObjectNode) node).remove("detail");
            result.add(sorted(node).toString());
        }
        result.sort(null);
        return result;
    }

    private static JsonNode sorted(JsonNode node) {
        if (!node.isObject()) {
            return node;
        }
        ObjectNode copy = JSON.createObjectNode();
        TreeMap<String, JsonNode> fields = new TreeMap<>();
        node.fields().forEachRemaining(f -> fields.put(f.getKey(), sorted(f.getValue())));
        fields.forEach(copy::set);
        return copy;
    }

    // ------------------------------------------------------------------ input

    /** A well-formed event, every field as the contract reads it. */
    static final class Event {
        final int arrival;
        final String eventId;
        final String orderId;
        /** Lower case. */
        final String type;

        final long time;
        /** Debit and credit only (null on lifecycle events, which ignore these fields). */
        final String amountText;

        final BigDecimal amount;
        final String currency;
        final String movementId;
        /** Lower case, {@code payment} when absent; null on lifecycle events. */
        final String kind;

        final String feeText;
        /** Zero when absent. */
        final BigDecimal fee;

        Event(
                int arrival,
                String eventId,
                String orderId,
                String type,
                long time,
                String amountText,
                String currency,
                String movementId,
                String kind,
                String feeText) {
            this.arrival = arrival;
            this.eventId = eventId;
            this.orderId = orderId;
            this.type = type;
            this.time = time;
            this.amountText = amountText;
            this.amount = amountText == null ? null : new BigDecimal(amountText);
            this.currency = currency;
            this.movementId = movementId;
            this.kind = kind;
            this.feeText = feeText;
            this.fee = feeText == null ? BigDecimal.ZERO : new BigDecimal(feeText);
        }

        boolean isMoney() {
            return DEBIT.equals(type) || CREDIT.equals(type);
        }

        /** v2 rule 1 with v3's fields: what a replay must repeat. */
        boolean sameContent(Event o) {
            if (!type.equals(o.type) || time != o.time) {
                return false;
            }
            if (!isMoney()) {
                return true;
            }
            return amount.compareTo(o.amount) == 0
                    && currency.equals(o.currency)
                    && java.util.Objects.equals(movementId, o.movementId)
                    && kind.equals(o.kind)
                    && fee.compareTo(o.fee) == 0;
        }
    }

    /** Code point order (the order of the UTF-8 bytes), not Java's UTF-16 order. */
    static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }

    private static final Comparator<String> CODE_POINTS = ContractModel::compareCodePoints;

    /**
     * The contract's sequence: event time; {@code event_id}; for copies of one id at one time the
     * type, amount as a decimal (none first), amount text, currency (v2), then movement id (none
     * first), kind, fee as a decimal (none is 0), fee text (none first) (v3); then arrival.
     */
    static final Comparator<Event> SEQUENCE = Comparator.<Event>comparingLong(e -> e.time)
            .thenComparing(e -> e.eventId, CODE_POINTS)
            .thenComparing(e -> e.type, CODE_POINTS)
            .thenComparing(e -> e.amount, Comparator.nullsFirst(Comparator.<BigDecimal>naturalOrder()))
            .thenComparing(e -> e.amountText, Comparator.nullsFirst(CODE_POINTS))
            .thenComparing(e -> e.currency, Comparator.nullsFirst(CODE_POINTS))
            .thenComparing(e -> e.movementId, Comparator.nullsFirst(CODE_POINTS))
            .thenComparing(e -> e.kind, Comparator.nullsFirst(CODE_POINTS))
            .thenComparing(e -> e.fee)
            .thenComparing(e -> e.feeText, Comparator.nullsFirst(CODE_POINTS))
            .thenComparingInt(e -> e.arrival);

    /** A top-level field's value: its token and, for a scalar, its text (a number's literal). */
    private record Field(JsonToken token, String text, JsonParser.NumberType numberType) {
        boolean isNull() {
            return token == JsonToken.VALUE_NULL;
        }
    }

    /** Thrown inside decoding; becomes a MALFORMED_EVENT. */
    private static final class Malformed extends Exception {
        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    private record Decoded(Event event, ObjectNode malformed) {}

    private static Decoded decode(Input in, int arrival, Settings settings) {
        String text = null;
        Map<String, Field> fields = null;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(in.value()))
                    .toString();
        } catch (CharacterCodingException e) {
            // Not text at all: nothing in it can be read, not even an order id before the bad byte.
            return new Decoded(null, malformed(in, null, "the value is not valid UTF-8", settings));
        }
        try {
            fields = object(text);
        } catch (Malformed e) {
            return new Decoded(null, malformed(in, readableOrderId(text), e.getMessage(), settings));
        }
        String orderId = null;
        try {
            orderId = id(fields, "order_id");
            return new Decoded(event(fields, orderId, arrival), null);
        } catch (Malformed e) {
            return new Decoded(null, malformed(in, orderId, e.getMessage(), settings));
        }
    }

    /** One JSON object, nothing after it, no field name twice at any depth; its top-level fields. */
    private static Map<String, Field> object(String text) throws Malformed {
        Map<String, Field> fields = new HashMap<>();
        try (JsonParser p = STRICT.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Malformed("the value is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
                    p.skipChildren();
                    fields.put(name, new Field(value, null, null));
                } else if (value == JsonToken.VALUE_NUMBER_INT || value == JsonToken.VALUE_NUMBER_FLOAT) {
                    fields.put(
                            name,
                            new Field(
                                    value,
                                    p.getText(),
                                    value == JsonToken.VALUE_NUMBER_INT ? p.getNumberType() : null));
                } else {
                    fields.put(name, new Field(value, p.getText(), null));
                }
            }
            if (p.nextToken() != null) {
                throw new Malformed("data after the JSON object");
            }
        } catch (IOException e) {
            throw new Malformed("not one JSON object: " + e.getMessage());
        }
        return fields;
    }

    /**
     * The malformed record's {@code order_id} "when it could be read": a top-level {@code order_id}
     * that is a valid order id and comes, complete, before whatever makes the value malformed (a
     * syntax error, a repeated name, trailing data). A value that is not valid UTF-8 has none.
     */
    private static String readableOrderId(String text) {
        try (JsonParser p = STRICT.createParser(text)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken token = p.nextToken();
                if ("order_id".equals(name)) {
                    if (token != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    String id = p.getText();
                    int length = id.codePointCount(0, id.length());
                    return length >= 1 && length <= MAX_ID_CODE_POINTS ? id : null;
                }
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    p.skipChildren();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    private static Event event(Map<String, Field> fields, String orderId, int arrival) throws Malformed {
        String eventId = id(fields, "event_id");
        Field type = fields.get("type");
        if (type == null || type.token != JsonToken.VALUE_STRING) {
            throw new Malformed("type is missing or not a string");
        }
        String folded = asciiLowerCase(type.text);
        if (!TYPES.contains(folded)) {
            throw new Malformed("type '" + type.text + "' is not one of the contract's");
        }
        long time = eventTime(fields.get("event_time"));
        if (!DEBIT.equals(folded) && !CREDIT.equals(folded)) {
            return new Event(arrival, eventId, orderId, folded, time, null, null, null, null, null);
        }
        String amount = decimal(fields.get("amount"), "amount", false);
        Field currency = fields.get("currency");
        if (currency == null
                || currency.token != JsonToken.VALUE_STRING
                || !CURRENCY.matcher(currency.text).matches()
                || !isIsoCurrency(currency.text)) {
            throw new Malformed("currency is missing or not an ISO 4217 code");
        }
        String movementId = null;
        Field movement = fields.get("movement_id");
        if (movement != null && !movement.isNull()) {
            movementId = id(fields, "movement_id");
        }
        String kind = PAYMENT;
        Field kindField = fields.get("kind");
        if (kindField != null && !kindField.isNull()) {
            if (kindField.token != JsonToken.VALUE_STRING || !KINDS.contains(asciiLowerCase(kindField.text))) {
                throw new Malformed("kind is not payment, refund or chargeback");
            }
            kind = asciiLowerCase(kindField.text);
        }
        String fee = null;
        Field feeField = fields.get("fee");
        if (feeField != null && !feeField.isNull()) {
            if (DEBIT.equals(folded)) {
                throw new Malformed("a debit carries no fee");
            }
            fee = decimal(feeField, "fee", true);
        }
        return new Event(arrival, eventId, orderId, folded, time, amount, currency.text, movementId, kind, fee);
    }

    /** A JSON string of 1 to 256 code points. */
    private static String id(Map<String, Field> fields, String name) throws Malformed {
        Field f = fields.get(name);
        if (f == null || f.token != JsonToken.VALUE_STRING) {
            throw new Malformed(name + " is missing or not a string");
        }
        int length = f.text.codePointCount(0, f.text.length());
        if (length < 1 || length > MAX_ID_CODE_POINTS) {
            throw new Malformed(name + " is not 1 to 256 characters");
        }
        return f.text;
    }

    /** An amount (or fee, where zero is allowed): a JSON number or string of the contract's form. */
    private static String decimal(Field f, String name, boolean zeroAllowed) throws Malformed {
        if (f == null
                || (f.token != JsonToken.VALUE_STRING
                        && f.token != JsonToken.VALUE_NUMBER_INT
                        && f.token != JsonToken.VALUE_NUMBER_FLOAT)) {
            throw new Malformed(name + " is missing or neither a number nor a string");
        }
        if (!AMOUNT.matcher(f.text).matches()) {
            throw new Malformed(name + " '" + f.text + "' is not plain decimal text");
        }
        if (!zeroAllowed && new BigDecimal(f.text).signum() == 0) {
            throw new Malformed(name + " '" + f.text + "' is not greater than 0");
        }
        return f.text;
    }

    private static long eventTime(Field f) throws Malformed {
        if (f == null) {
            throw new Malformed("event_time is missing");
        }
        long millis;
        if (f.token == JsonToken.VALUE_NUMBER_INT) {
            if (f.numberType != JsonParser.NumberType.INT && f.numberType != JsonParser.NumberType.LONG) {
                throw new Malformed("event_time '" + f.text + "' does not fit in 64 bits");
            }
            millis = Long.parseLong(f.text);
        } else if (f.token == JsonToken.VALUE_STRING) {
            millis = isoTime(f.text);
        } else {
            throw new Malformed("event_time is neither an integer nor a time string");
        }
        if (millis < MIN_TIME || millis > MAX_TIME) {
            throw new Malformed("event_time '" + f.text + "' is outside 1970-9999");
        }
        return millis;
    }

    /** {@code YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)}, fraction cut to milliseconds. */
    private static long isoTime(String text) throws Malformed {
        Matcher m = TIME.matcher(text);
        if (!m.matches()) {
            throw new Malformed("event_time '" + text + "' is not an ISO-8601 time with an offset");
        }
        int offsetSeconds = 0;
        if (m.group(8) == null) {
            int hours = Integer.parseInt(m.group(10));
            int minutes = Integer.parseInt(m.group(11));
            if (hours > 18 || minutes > 59 || (hours == 18 && minutes != 0)) {
                throw new Malformed("event_time '" + text + "' has an offset beyond 18:00");
            }
            offsetSeconds = (hours * 3600 + minutes * 60) * ("-".equals(m.group(9)) ? -1 : 1);
        }
        LocalDateTime local;
        try {
            local = LocalDateTime.of(
                    LocalDate.of(
                            Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))),
                    LocalTime.of(
                            Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6))));
        } catch (DateTimeException e) {
            throw new Malformed("event_time '" + text + "' is not a date and time");
        }
        String fraction = m.group(7) == null ? "000" : (m.group(7) + "00").substring(0, 3);
        return local.toEpochSecond(ZoneOffset.ofTotalSeconds(offsetSeconds)) * 1000 + Integer.parseInt(fraction);
    }

    private static boolean isIsoCurrency(String code) {
        try {
            Currency.getInstance(code);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Only A-Z fold: "ASCII case-insensitive" (no Unicode folding such as the Kelvin sign to k). */
    private static String asciiLowerCase(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c);
        }
        return b.toString();
    }

    private static ObjectNode malformed(Input in, String orderId, String reason, Settings settings) {
        String decoded = new String(in.value(), StandardCharsets.UTF_8);
        boolean truncated = decoded.getBytes(StandardCharsets.UTF_8).length > RAW_LIMIT_BYTES;
        String raw = truncated ? cutToBytes(decoded, RAW_LIMIT_BYTES) : decoded;
        ObjectNode e = JSON.createObjectNode();
        String position =
                in.file() != null ? in.file() + ":" + in.line() : in.topic() + ":" + in.partition() + ":" + in.offset();
        e.put("exception_id", "malformed:" + position);
        e.put("type", "MALFORMED_EVENT");
        e.put("state", "OPEN");
        e.put("severity", "WARNING");
        // Contract v3, "Raw input in exceptions": the order id read from the value is input too.
        e.put("order_id", orderId == null || "none".equals(settings.malformedRaw()) ? null : redact(orderId, settings));
        e.putNull("movement_id");
        e.putArray("event_ids");
        e.putNull("detected_time");
        e.put("detail", "malformed input: " + redact(reason, settings));
        e.putNull("amount");
        e.putNull("currency");
        ObjectNode source = e.putObject("source");
        if ("none".equals(settings.malformedRaw())) {
            source.putNull("raw");
        } else {
            source.put("raw", redact(raw, settings));
        }
        source.put("truncated", truncated);
        if (in.file() != null) {
            source.put("file", in.file());
            source.put("line", in.line());
        } else {
            source.put("topic", in.topic());
            source.put("partition", in.partition());
            source.put("offset", in.offset());
        }
        return e;
    }

    private static String redact(String text, Settings settings) {
        return "full".equals(settings.malformedRaw()) ? text : text.replaceAll("[0-9]", "#");
    }

    /** The longest prefix of whole code points whose UTF-8 text fits in {@code limit} bytes. */
    private static String cutToBytes(String text, int limit) {
        int bytes = 0;
        int i = 0;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + size > limit) {
                break;
            }
            bytes += size;
            i += Character.charCount(cp);
        }
        return text.substring(0, i);
    }

    // ------------------------------------------------------------------ replay

    /** One movement of an order (rule 11): its first debit and first credit. */
    private static final class Movement {
        Event debit;
        Event credit;
        /** The side that came first in the sequence while the other was missing. */
        Event waiting;

        long deadline;
        boolean unmatchedSent;
    }

    /** The order's state (rule 7 drops it whole). */
    private static final class OrderMemory {
        final Map<String, Event> recorded = new HashMap<>();
        final Set<String> conflicted = new HashSet<>();
        final Map<String, Movement> movements = new HashMap<>();
        String status;
        long lastRecorded = Long.MIN_VALUE;
        boolean overflowReported;
    }

    /** Rule 12's sums of one currency. */
    private static final class Ledger {
        BigDecimal taken = BigDecimal.ZERO;
        BigDecimal returned = BigDecimal.ZERO;
        String lastOpenExcess;
    }

    /** Rule 12's state, which outlives the order's state. */
    private static final class MoneyMemory {
        final Map<String, Ledger> ledgers = new HashMap<>();
        long lastReconciled;
    }

    /** The replay of one order's sequence, with its points in time. */
    private static final class Replay {
        private final String orderId;
        private final Settings settings;
        private final Output out;
        private OrderMemory order;
        private MoneyMemory money;

        Replay(String orderId, Settings settings, Output out) {
            this.orderId = orderId;
            this.settings = settings;
            this.out = out;
        }

        void run(List<Event> sequence, long until) {
            for (Event e : sequence) {
                if (e.time > until) {
                    break;
                }
                // Points of an earlier millisecond come before the event; at its millisecond, after.
                passPointsUpTo(e.time - 1);
                apply(e);
            }
            passPointsUpTo(until);
        }

        /**
         * Fires every point at or before {@code time}, earliest first; at one millisecond a deadline,
         * then the retention point, then the money retention point.
         */
        private void passPointsUpTo(long time) {
            while (true) {
                long next = Long.MAX_VALUE;
                int rank = Integer.MAX_VALUE;
                Movement due = null;
                if (order != null) {
                    for (Movement m : order.movements.values()) {
                        if (m.waiting != null && !m.unmatchedSent && m.deadline < next) {
                            next = m.deadline;
                            rank = 0;
                            due = m;
                        }
                    }
                    long retention = order.lastRecorded + settings.retentionMillis();
                    if (retention < next) {
                        next = retention;
                        rank = 1;
                    }
                }
                if (money != null) {
                    long moneyRetention = money.lastReconciled + settings.moneyRetentionMillis();
                    if (moneyRetention < next) {
                        next = moneyRetention;
                        rank = 2;
                    }
                }
                if (rank == Integer.MAX_VALUE || next > time) {
                    return;
                }
                if (rank == 0) {
                    due.unmatchedSent = true;
                    out.exceptions.add(unmatched(due, "OPEN", due.deadline, List.of(due.waiting)));
                } else if (rank == 1) {
                    order = null;
                } else {
                    money = null;
                }
            }
        }

        private void apply(Event e) {
            if (order == null) {
                order = new OrderMemory();
            }
            Event recorded = order.recorded.get(e.eventId);
            if (recorded != null) {
                if (!order.conflicted.contains(e.eventId) && !recorded.sameContent(e)) {
                    order.conflicted.add(e.eventId);
                    out.exceptions.add(exception(
                                    orderId + ":EVENT_ID_CONFLICT:" + e.eventId,
                                    "EVENT_ID_CONFLICT",
                                    "OPEN",
                                    null,
                                    List.of(e),
                                    e.time,
                                    e.amountText,
                                    e.currency)
                            .put("detail", "event " + e.eventId + " conflicts with its recorded copy")
                            .toString());
                }
                return;
            }
            if (order.recorded.size() >= settings.maxEventsPerOrder()) {
                if (!order.overflowReported) {
                    order.overflowReported = true;
                    out.exceptions.add(exception(
                                    orderId + ":ORDER_OVERFLOW",
                                    "ORDER_OVERFLOW",
                                    "OPEN",
                                    null,
                                    List.of(e),
                                    e.time,
                                    e.amountText,
                                    e.currency)
                            .toString());
                }
                return;
            }
            order.recorded.put(e.eventId, e);
            order.lastRecorded = e.time;
            if (e.isMoney()) {
                side(e);
            } else if (ALLOWED_NEXT.get(order.status).contains(e.type)) {
                order.status = e.type;
            } else {
                out.exceptions.add(exception(
                                orderId + ":INVALID_TRANSITION:" + e.eventId,
                                "INVALID_TRANSITION",
                                "OPEN",
                                null,
                                List.of(e),
                                e.time,
                                null,
                                null)
                        .put("severity", "WARNING")
                        .toString());
            }
        }

        private void side(Event e) {
            Movement m = order.movements.computeIfAbsent(e.movementId, k -> new Movement());
            boolean debit = DEBIT.equals(e.type);
            Event existing = debit ? m.debit : m.credit;
            if (existing != null) {
                // "The well-formed events involved": the side it duplicates and itself, as the
                // project's contract (docs/contract.md, rule 5) spells it out.
                String type = debit ? "DUPLICATE_DEBIT" : "DUPLICATE_CREDIT";
                out.exceptions.add(exception(
                                orderId + ":" + type + ":" + e.eventId,
                                type,
                                "OPEN",
                                e.movementId,
                                List.of(existing, e),
                                e.time,
                                e.amountText,
                                e.currency)
                        .toString());
                return;
            }
            if (debit) {
                m.debit = e;
            } else {
                m.credit = e;
            }
            if (m.waiting == null) {
                m.waiting = e;
                m.deadline = e.time + settings.matchWindowMillis();
                return;
            }
            pair(m, e);
        }

        private void pair(Movement m, Event counterpart) {
            List<Event> both = List.of(m.waiting, counterpart);
            boolean late = m.unmatchedSent;
            if (late) {
                out.exceptions.add(unmatched(m, "RESOLVED", counterpart.time, both));
            }
            m.waiting = null;
            Event d = m.debit;
            Event c = m.credit;
            String mismatch = null;
            if (!d.kind.equals(c.kind)) {
                mismatch = "KIND_MISMATCH";
            } else if (!d.currency.equals(c.currency)) {
                mismatch = "CURRENCY_MISMATCH";
            } else if (d.amount.subtract(c.amount.add(c.fee)).abs().compareTo(settings.tolerance()) > 0) {
                mismatch = "AMOUNT_MISMATCH";
            }
            if (mismatch != null) {
                out.exceptions.add(exception(
                                orderId + ":" + mismatch + movementSuffix(d.movementId),
                                mismatch,
                                "OPEN",
                                d.movementId,
                                both,
                                counterpart.time,
                                d.amountText,
                                d.currency)
                        .toString());
                return;
            }
            ObjectNode r = JSON.createObjectNode();
            r.put("order_id", orderId);
            r.put("movement_id", d.movementId);
            r.put("kind", d.kind);
            r.put("status", "RECONCILED");
            r.put("amount", d.amountText);
            r.put("fee", c.feeText);
            r.put("currency", d.currency);
            r.put("debit_event_id", d.eventId);
            r.put("credit_event_id", c.eventId);
            r.put("debit_time", time(d.time));
            r.put("credit_time", time(c.time));
            r.put("matched_time", time(counterpart.time));
            r.put("order_status", order.status);
            r.put("late", late);
            out.reconciled.add(r.toString());
            money(d, both, counterpart.time);
        }

        /** Rule 12 on one reconciled movement. */
        private void money(Event debit, List<Event> sides, long matched) {
            if (money == null) {
                money = new MoneyMemory();
            }
            money.lastReconciled = matched;
            Ledger ledger = money.ledgers.computeIfAbsent(debit.currency, k -> new Ledger());
            boolean wasOver = ledger.returned.compareTo(ledger.taken) > 0;
            boolean payment = PAYMENT.equals(debit.kind);
            if (payment) {
                ledger.taken = ledger.taken.add(debit.amount);
            } else {
                ledger.returned = ledger.returned.add(debit.amount);
            }
            boolean over = ledger.returned.compareTo(ledger.taken) > 0;
            String id = orderId + ":OVER_REFUND:" + debit.currency;
            if (!payment && over) {
                ledger.lastOpenExcess = ledger.returned.subtract(ledger.taken).toPlainString();
                out.exceptions.add(exception(
                                id, "OVER_REFUND", "OPEN", null, sides, matched, ledger.lastOpenExcess, debit.currency)
                        .toString());
            } else if (payment && wasOver && !over) {
                out.exceptions.add(exception(
                                id,
                                "OVER_REFUND",
                                "RESOLVED",
                                null,
                                sides,
                                matched,
                                ledger.lastOpenExcess,
                                debit.currency)
                        .toString());
            }
        }

        private String unmatched(Movement m, String state, long detected, List<Event> events) {
            String type = DEBIT.equals(m.waiting.type) ? "UNMATCHED_DEBIT" : "UNMATCHED_CREDIT";
            return exception(
                            orderId + ":" + type + movementSuffix(m.waiting.movementId),
                            type,
                            state,
                            m.waiting.movementId,
                            events,
                            detected,
                            m.waiting.amountText,
                            m.waiting.currency)
                    .toString();
        }

        /** A well-formed input's exception; the model's own {@code detail}, which no comparison reads. */
        private ObjectNode exception(
                String id,
                String type,
                String state,
                String movementId,
                List<Event> events,
                long detected,
                String amount,
                String currency) {
            ObjectNode e = JSON.createObjectNode();
            e.put("exception_id", id);
            e.put("type", type);
            e.put("state", state);
            e.put("severity", "CRITICAL");
            e.put("order_id", orderId);
            e.put("movement_id", movementId);
            ArrayNode ids = e.putArray("event_ids");
            events.forEach(ev -> ids.add(ev.eventId));
            e.put("detected_time", time(detected));
            e.put("detail", type + " " + state + " for order " + orderId);
            e.put("amount", amount);
            e.put("currency", currency);
            e.putNull("source");
            return e;
        }
    }

    private static String movementSuffix(String movementId) {
        return movementId == null ? "" : ":" + movementId;
    }

    /** As the contract writes times: ISO-8601 UTC, milliseconds only when not zero. */
    static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
