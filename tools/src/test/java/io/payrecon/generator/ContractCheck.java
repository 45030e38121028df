package io.payrecon.generator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.payrecon.model.EventType;
import io.payrecon.model.Kind;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Currency;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An independent, strict reading of the input contract, written from contract.md for these tests
 * only: the generator's records are checked against it, not against the job's own decoder.
 */
final class ContractCheck {
    private ContractCheck() {}

    static final Pattern AMOUNT = Pattern.compile("[0-9]{1,18}(\\.[0-9]{1,8})?");
    static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    static final Pattern ISO_TIME = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})");

    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** A well-formed event as the contract reads it. */
    record Decoded(
            String eventId,
            String orderId,
            EventType type,
            String amount,
            String currency,
            long eventTime,
            boolean amountWasString,
            String eventTimeText,
            String movementId,
            Kind kind,
            String fee) {}

    /** Why a value is malformed. */
    static final class Malformed extends Exception {
        Malformed(String reason) {
            super(reason);
        }
    }

    static Decoded decode(byte[] value) throws Malformed {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value));
        } catch (CharacterCodingException e) {
            throw new Malformed("not UTF-8");
        }
        String eventId = null;
        String orderId = null;
        String typeText = null;
        String amount = null;
        boolean amountWasString = false;
        String currency = null;
        Long eventTime = null;
        String eventTimeText = null;
        // Contract v3: a JSON null is the field's absence.
        String movementId = null;
        String kindText = null;
        String fee = null;
        // Checked only for a debit or credit: lifecycle events ignore the three fields.
        String movementProblem = null;
        try (JsonParser p = STRICT.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new Malformed("not an object");
            }
            String name;
            while ((name = p.nextFieldName()) != null) {
                JsonToken t = p.nextToken();
                switch (name) {
                    case "event_id" -> eventId = idString(p, t, name);
                    case "order_id" -> orderId = idString(p, t, name);
                    case "type" -> typeText = string(p, t, name);
                    case "amount" -> {
                        if (t == JsonToken.VALUE_STRING) {
                            amountWasString = true;
                        } else if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                            throw new Malformed("amount is " + t);
                        }
                        amount = p.getText();
                    }
                    case "currency" -> currency = string(p, t, name);
                    case "event_time" -> {
                        if (t == JsonToken.VALUE_NUMBER_INT) {
                            if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                                throw new Malformed("event_time beyond 64 bits");
                            }
                            eventTime = p.getLongValue();
                            eventTimeText = p.getText();
                        } else if (t == JsonToken.VALUE_STRING) {
                            eventTimeText = p.getText();
                            eventTime = isoMillis(eventTimeText);
                        } else {
                            throw new Malformed("event_time is " + t);
                        }
                    }
                    case "movement_id" -> {
                        if (t == JsonToken.VALUE_STRING) {
                            movementId = p.getText();
                            int length = movementId.codePointCount(0, movementId.length());
                            if (length < 1 || length > 256) {
                                movementProblem = "movement_id has " + length + " characters";
                            }
                        } else if (t != JsonToken.VALUE_NULL) {
                            movementProblem = "movement_id is " + t;
                            p.skipChildren();
                        }
                    }
                    case "kind" -> {
                        if (t == JsonToken.VALUE_STRING) {
                            kindText = p.getText();
                        } else if (t != JsonToken.VALUE_NULL) {
                            movementProblem = "kind is " + t;
                            p.skipChildren();
                        }
                    }
                    case "fee" -> {
                        if (t == JsonToken.VALUE_STRING
                                || t == JsonToken.VALUE_NUMBER_INT
                                || t == JsonToken.VALUE_NUMBER_FLOAT) {
                            fee = p.getText();
                        } else if (t != JsonToken.VALUE_NULL) {
                            movementProblem = "fee is " + t;
                            p.skipChildren();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw new Malformed("object not closed");
            }
            if (p.nextToken() != null) {
                throw new Malformed("trailing data");
            }
        } catch (Malformed m) {
            throw m;
        } catch (Exception e) {
            throw new Malformed("JSON: " + e.getMessage());
        }
        if (eventId == null || orderId == null || typeText == null || eventTime == null) {
            throw new Malformed("a required field is missing");
        }
        EventType type = EventType.fromWire(typeText);
        if (type == null) {
            throw new Malformed("unknown type " + typeText);
        }
        if (type.isMoneyMovement()) {
            if (amount == null || currency == null) {
                throw new Malformed("amount or currency missing");
            }
            if (!AMOUNT.matcher(amount).matches() || new BigDecimal(amount).signum() <= 0) {
                throw new Malformed("bad amount " + amount);
            }
            if (!CURRENCY.matcher(currency).matches()) {
                throw new Malformed("bad currency " + currency);
            }
            try {
                Currency.getInstance(currency);
            } catch (IllegalArgumentException e) {
                throw new Malformed("unknown currency " + currency);
            }
        }
        if (!type.isMoneyMovement()) {
            // Lifecycle events ignore the movement fields, like amount.
            return new Decoded(
                    eventId,
                    orderId,
                    type,
                    amount,
                    currency,
                    eventTime,
                    amountWasString,
                    eventTimeText,
                    null,
                    null,
                    null);
        }
        if (movementProblem != null) {
            throw new Malformed(movementProblem);
        }
        Kind kind = Kind.PAYMENT;
        if (kindText != null) {
            String lower = kindText.matches("[A-Za-z]+") ? kindText.toLowerCase(Locale.ROOT) : "";
            kind = switch (lower) {
                case "payment" -> Kind.PAYMENT;
                case "refund" -> Kind.REFUND;
                case "chargeback" -> Kind.CHARGEBACK;
                default -> throw new Malformed("unknown kind " + kindText);
            };
        }
        if (fee != null) {
            if (type == EventType.DEBIT) {
                throw new Malformed("a fee on a debit");
            }
            if (!AMOUNT.matcher(fee).matches()) {
                throw new Malformed("bad fee " + fee);
            }
        }
        return new Decoded(
                eventId,
                orderId,
                type,
                amount,
                currency,
                eventTime,
                amountWasString,
                eventTimeText,
                movementId,
                kind,
                fee);
    }

    static boolean isMalformed(byte[] value) {
        try {
            decode(value);
            return false;
        } catch (Malformed m) {
            return true;
        }
    }

    private static String string(JsonParser p, JsonToken t, String name) throws Exception {
        if (t != JsonToken.VALUE_STRING) {
            throw new Malformed(name + " is " + t);
        }
        return p.getText();
    }

    private static String idString(JsonParser p, JsonToken t, String name) throws Exception {
        String s = string(p, t, name);
        int length = s.codePointCount(0, s.length());
        if (length < 1 || length > 256) {
            throw new Malformed(name + " has " + length + " characters");
        }
        return s;
    }

    private static long isoMillis(String text) throws Malformed {
        if (!ISO_TIME.matcher(text).matches()) {
            throw new Malformed("bad event_time " + text);
        }
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (RuntimeException e) {
            throw new Malformed("bad event_time " + text);
        }
    }
}
