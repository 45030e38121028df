package io.payrecon.generator;

/**
 * The ways a generated record breaks the input contract. The generator rotates through them in
 * this order, so any run with at least {@code values().length} malformed records shows every shape.
 * Each one alone makes the value malformed; the rest of the record is a valid debit.
 */
public enum MalformedShape {
    /** Plain text, not JSON at all. */
    NOT_JSON,
    /** A JSON array holding a valid event object: not one JSON object. */
    JSON_ARRAY,
    /** A valid object followed by a second object in the same value. */
    TRAILING_DATA,
    /** {@code "amount":NaN}. */
    NAN_AMOUNT,
    /** The field {@code amount} given twice. */
    DUPLICATE_FIELD,
    /** No {@code event_id}. */
    MISSING_EVENT_ID,
    /** A negative amount (as a JSON number). */
    NEGATIVE_AMOUNT,
    /** An amount of zero ("0.00"). */
    ZERO_AMOUNT,
    /** An amount in exponent notation ({@code 1.5E5}). */
    EXPONENT_AMOUNT,
    /** An amount with 19 integer digits. */
    NINETEEN_DIGIT_AMOUNT,
    /** An amount with 9 decimals. */
    NINE_DECIMAL_AMOUNT,
    /** A currency in lower case ("idr"). */
    LOWER_CASE_CURRENCY,
    /** Three upper-case letters that are no ISO 4217 code ("XQZ"). */
    UNKNOWN_CURRENCY,
    /** A type outside the contract ("refund"). */
    UNKNOWN_TYPE,
    /** {@code event_time} as a numeric string ("1795255200000"). */
    NUMERIC_STRING_EVENT_TIME,
    /** {@code order_id} as a JSON number. */
    ORDER_ID_NUMBER,
    /** Bytes that are not valid UTF-8 inside a string. */
    INVALID_UTF8,
    /** A debit without {@code amount}. */
    MISSING_AMOUNT,
    /** An {@code event_id} of 257 characters. */
    EVENT_ID_TOO_LONG,
    /** An ISO date-time without zone offset ("2026-11-21T10:00:00"). */
    EVENT_TIME_WITHOUT_OFFSET,
    /** An amount with a thousands separator ("150,000.00"). */
    AMOUNT_WITH_SEPARATOR
}
