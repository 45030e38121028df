package io.payrecon.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import io.payrecon.model.EventType;
import io.payrecon.model.Kind;
import io.payrecon.model.PaymentEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns one input value (UTF-8 bytes) into a {@link PaymentEvent}, or says which contract rule it
 * breaks. Streaming Jackson on the bytes: no tree, no String copy of the whole value.
 *
 * <p>Nothing is trimmed or coerced: a number where a string is required, a numeric-string time, a
 * lower-case currency are all malformed. Not thread-safe (one instance per source reader).
 */
public final class EventDecoder {
    static final int MAX_ID_CHARS = 256;
    static final int MAX_NESTING = 1000;
    /** Contract v3, rule 13: event times lie in [1970-01-01T00:00:00Z, 9999-12-31T23:59:59.999Z]. */
    static final long MIN_EVENT_TIME = 0L;

    static final long MAX_EVENT_TIME = 253_402_300_799_999L;

    /** Shared: JsonFactory is thread-safe. Strict duplicate detection makes a repeated name malformed. */
    static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Explicit, so a Jackson upgrade cannot move what counts as malformed.
            .streamReadConstraints(
                    StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
            .build();

    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
            .map(Currency::getCurrencyCode)
            .collect(Collectors.toUnmodifiableSet());

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);

    /**
     * Contract v3: what an error sentence may quote of the input (the offending value, a parser's
     * message) goes through the same {@code --malformed-raw} policy as the raw value itself.
     */
    private final RawPolicy quoting;

    /** Quotes offending values as they are (contract v2's text): for tests and tools. */
    public EventDecoder() {
        this(RawPolicy.FULL);
    }

    public EventDecoder(RawPolicy quoting) {
        this.quoting = quoting;
    }

    public DecodeResult decode(byte[] value) {
        if (value == null || value.length == 0) {
            return DecodeResult.malformed("the value is empty, not a JSON object", null);
        }
        if (!isValidUtf8(value)) {
            return DecodeResult.malformed("the value is not valid UTF-8", null);
        }
        Fields fields = new Fields(quoting);
        try (JsonParser parser = JSON.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return DecodeResult.malformed("the value is not a JSON object", null);
            }
            JsonToken token;
            while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken valueToken = parser.nextToken();
                fields.read(name, valueToken, parser);
            }
            if (token != JsonToken.END_OBJECT) {
                return DecodeResult.malformed("the value is not a complete JSON object", fields.orderId);
            }
            if (parser.nextToken() != null) {
                return DecodeResult.malformed("trailing data after the JSON object", fields.orderId);
            }
        } catch (JsonProcessingException e) {
            return DecodeResult.malformed("invalid JSON: " + quote(quoting, e.getOriginalMessage()), fields.orderId);
        } catch (IOException e) {
            return DecodeResult.malformed("unreadable value: " + quote(quoting, e.getMessage()), fields.orderId);
        }
        return fields.toEvent();
    }

    private boolean isValidUtf8(byte[] value) {
        for (byte b : value) {
            if (b < 0) {
                try {
                    utf8.reset().decode(ByteBuffer.wrap(value));
                    return true;
                } catch (CharacterCodingException e) {
                    return false;
                }
            }
        }
        return true; // pure ASCII, the common case: no decoding needed
    }

    /** The fields of one value as read, and the first rule any of them broke. */
    private static final class Fields {
        final RawPolicy quoting;
        String eventId;
        String orderId;
        EventType type;
        String amount;
        String amountError;
        String currency;
        String currencyError;
        Long eventTime;
        String error;
        boolean sawAmount;
        boolean sawCurrency;
        /** Contract v3: the movement fields, and the first rule they broke (a side's error only). */
        String movementId;

        Kind kind;
        String fee;
        String movementError;

        Fields(RawPolicy quoting) {
            this.quoting = quoting;
        }

        private String quote(String text) {
            return EventDecoder.quote(quoting, shorten(text));
        }

        void read(String name, JsonToken token, JsonParser parser) throws IOException {
            switch (name) {
                case "event_id":
                    eventId = readId(name, token, parser);
                    break;
                case "order_id":
                    orderId = readId(name, token, parser);
                    break;
                case "type":
                    readType(token, parser);
                    break;
                case "amount":
                    sawAmount = true;
                    readAmount(token, parser);
                    break;
                case "currency":
                    sawCurrency = true;
                    readCurrency(token, parser);
                    break;
                case "event_time":
                    readEventTime(token, parser);
                    break;
                case "movement_id":
                    readMovementId(token, parser);
                    break;
                case "kind":
                    readKind(token, parser);
                    break;
                case "fee":
                    readFee(token, parser);
                    break;
                default:
                    parser.skipChildren(); // producers may add fields: ignored
            }
        }

        private String readId(String name, JsonToken token, JsonParser parser) throws IOException {
            if (token != JsonToken.VALUE_STRING) {
                fail(name + " must be a JSON string, not " + describe(token));
                parser.skipChildren();
                return null;
            }
            String text = parser.getText();
            int chars = text.codePointCount(0, text.length());
            if (chars < 1 || chars > MAX_ID_CHARS) {
                fail(name + " must have 1 to " + MAX_ID_CHARS + " characters, not " + chars);
                return null;
            }
            return text;
        }

        /** A JSON null is the field's absence (contract v3). */
        private void readMovementId(JsonToken token, JsonParser parser) throws IOException {
            if (token == JsonToken.VALUE_NULL) {
                return;
            }
            if (token != JsonToken.VALUE_STRING) {
                failSide("movement_id must be a JSON string, not " + describe(token));
                parser.skipChildren();
                return;
            }
            String text = parser.getText();
            int chars = text.codePointCount(0, text.length());
            if (chars < 1 || chars > MAX_ID_CHARS) {
                failSide("movement_id must have 1 to " + MAX_ID_CHARS + " characters, not " + chars);
                return;
            }
            movementId = text;
        }

        private void readKind(JsonToken token, JsonParser parser) throws IOException {
            if (token == JsonToken.VALUE_NULL) {
                return;
            }
            if (token != JsonToken.VALUE_STRING) {
                failSide("kind must be a JSON string, not " + describe(token));
                parser.skipChildren();
                return;
            }
            String text = parser.getText();
            kind = Kind.fromWire(text);
            if (kind == null) {
                failSide("unknown kind '" + quote(text) + "' (payment, refund or chargeback)");
            }
        }

        private void readFee(JsonToken token, JsonParser parser) throws IOException {
            if (token == JsonToken.VALUE_NULL) {
                return;
            }
            if (token != JsonToken.VALUE_STRING
                    && token != JsonToken.VALUE_NUMBER_INT
                    && token != JsonToken.VALUE_NUMBER_FLOAT) {
                failSide("fee must be a JSON number or string, not " + describe(token));
                parser.skipChildren();
                return;
            }
            String text = parser.getText();
            if (!isPlainDecimal(text)) {
                failSide("fee '" + quote(text)
                        + "' is not a plain decimal (up to 18 digits, up to 8 decimals, no sign or exponent)");
                return;
            }
            fee = text;
        }

        private void failSide(String message) {
            if (movementError == null) {
                movementError = message;
            }
        }

        private void readType(JsonToken token, JsonParser parser) throws IOException {
            if (token != JsonToken.VALUE_STRING) {
                fail("type must be a JSON string, not " + describe(token));
                parser.skipChildren();
                return;
            }
            String text = parser.getText();
            type = EventType.fromWire(text);
            if (type == null) {
                fail("unknown type '" + quote(text) + "'");
            }
        }

        private void readAmount(JsonToken token, JsonParser parser) throws IOException {
            if (token != JsonToken.VALUE_STRING
                    && token != JsonToken.VALUE_NUMBER_INT
                    && token != JsonToken.VALUE_NUMBER_FLOAT) {
                amountError = "amount must be a JSON number or string, not " + describe(token);
                parser.skipChildren();
                return;
            }
            // For a number token Jackson keeps the text as written, so "100.10" stays "100.10".
            String text = parser.getText();
            if (!isPlainDecimal(text)) {
                amountError = "amount '" + quote(text)
                        + "' is not a plain decimal (up to 18 digits, up to 8 decimals, no sign or exponent)";
            } else if (isZero(text)) {
                amountError = "amount '" + quote(text) + "' must be greater than 0";
            } else {
                amount = text;
            }
        }

        private void readCurrency(JsonToken token, JsonParser parser) throws IOException {
            if (token != JsonToken.VALUE_STRING) {
                currencyError = "currency must be a JSON string, not " + describe(token);
                parser.skipChildren();
                return;
            }
            String text = parser.getText();
            if (!CURRENCIES.contains(text) || !isUpperAscii(text)) {
                currencyError = "currency '" + quote(text) + "' is not an upper-case ISO 4217 code";
            } else {
                currency = text;
            }
        }

        private void readEventTime(JsonToken token, JsonParser parser) throws IOException {
            if (token == JsonToken.VALUE_NUMBER_INT) {
                try {
                    eventTime = parser.getLongValue();
                } catch (InputCoercionException e) {
                    fail("event_time " + quote(parser.getText()) + " does not fit in 64 bits");
                }
            } else if (token == JsonToken.VALUE_STRING) {
                String text = parser.getText();
                eventTime = IsoTime.parse(text);
                if (eventTime == null) {
                    fail("event_time '" + quote(text)
                            + "' is not epoch milliseconds or YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM)");
                }
            } else {
                fail("event_time must be a JSON integer or an ISO-8601 string, not " + describe(token));
                parser.skipChildren();
            }
            if (eventTime != null && (eventTime < MIN_EVENT_TIME || eventTime > MAX_EVENT_TIME)) {
                // A producer writing microseconds or seconds: an order that waits forever, or for ever ago.
                fail("event_time " + quote(parser.getText())
                        + " is outside 1970-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z");
                eventTime = null;
            }
        }

        private void fail(String message) {
            if (error == null) {
                error = message;
            }
        }

        DecodeResult toEvent() {
            if (error == null) {
                if (eventId == null) {
                    error = "missing event_id";
                } else if (orderId == null) {
                    error = "missing order_id";
                } else if (type == null) {
                    error = "missing type";
                } else if (eventTime == null) {
                    error = "missing event_time";
                } else if (type.isMoneyMovement()) {
                    // Lifecycle events carry no money: amount and currency are read only for a side.
                    if (amountError != null) {
                        error = amountError;
                    } else if (!sawAmount) {
                        error = "missing amount for a " + type.wireName();
                    } else if (currencyError != null) {
                        error = currencyError;
                    } else if (!sawCurrency) {
                        error = "missing currency for a " + type.wireName();
                    } else if (movementError != null) {
                        error = movementError;
                    } else if (type == EventType.DEBIT && fee != null) {
                        error = "a debit takes no fee (the fee is kept from the credited side)";
                    }
                }
            }
            if (error != null) {
                return DecodeResult.malformed(error, orderId);
            }
            if (!type.isMoneyMovement()) {
                // Lifecycle events carry no money and no movement: those fields are ignored.
                return DecodeResult.ok(PaymentEvent.lifecycle(eventId, orderId, type, eventTime));
            }
            return DecodeResult.ok(new PaymentEvent(
                    eventId,
                    orderId,
                    type,
                    amount,
                    currency,
                    eventTime,
                    movementId,
                    kind == null ? Kind.PAYMENT : kind,
                    fee));
        }
    }

    /** {@code [0-9]{1,18}(\.[0-9]{1,8})?} without a regex: this runs for every debit and credit. */
    static boolean isPlainDecimal(String text) {
        int n = text.length();
        int i = 0;
        while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i < 1 || i > 18) {
            return false;
        }
        if (i == n) {
            return true;
        }
        if (text.charAt(i) != '.') {
            return false;
        }
        int fraction = n - i - 1;
        if (fraction < 1 || fraction > 8) {
            return false;
        }
        for (int k = i + 1; k < n; k++) {
            if (text.charAt(k) < '0' || text.charAt(k) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isZero(String amount) {
        for (int i = 0; i < amount.length(); i++) {
            char c = amount.charAt(i);
            if (c != '0' && c != '.') {
                return false;
            }
        }
        return true;
    }

    private static boolean isUpperAscii(String code) {
        if (code.length() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            char c = code.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return true;
    }

    private static String describe(JsonToken token) {
        switch (token) {
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            default:
                return token.toString();
        }
    }

    /** A quoted piece of the input as {@code --malformed-raw} allows it: as is, digits masked, or withheld. */
    static String quote(RawPolicy policy, String text) {
        if (text == null) {
            return "";
        }
        String quoted = policy.apply(text);
        return quoted == null ? "(withheld)" : quoted;
    }

    /** Keeps error details one readable line even when the offending value is huge. */
    private static String shorten(String text) {
        return text.length() <= 64 ? text : text.substring(0, 64) + "...";
    }
}
