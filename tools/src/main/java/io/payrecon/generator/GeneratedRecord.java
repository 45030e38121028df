package io.payrecon.generator;

import io.payrecon.model.EventType;
import io.payrecon.model.PaymentEvent;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One generated input record, as a producer would send it.
 *
 * @param key the Kafka record key: the order id the record belongs to (also for malformed records,
 *     whose payload may not say)
 * @param orderId the order id in the payload; null for a malformed record
 * @param eventId the event id in the payload; null for a malformed record
 * @param eventTime the event time the payload states, epoch ms; {@link Long#MIN_VALUE} for a
 *     malformed record
 * @param value the exact value bytes: one JSON line without the newline (for a malformed record,
 *     whatever bytes break the contract). Shared, not copied: do not modify.
 * @param scenario the scenario of the order this record belongs to
 * @param type the event type; null for a malformed record
 * @param amount the amount text as written (debit/credit only), else null
 * @param currency the currency (debit/credit only), else null
 * @param malformedShape how the record breaks the contract; null for a well-formed event
 */
public record GeneratedRecord(
        String key,
        String orderId,
        String eventId,
        long eventTime,
        byte[] value,
        Scenario scenario,
        EventType type,
        String amount,
        String currency,
        MalformedInputCatalogue.Shape malformedShape) {

    public GeneratedRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(scenario, "scenario");
    }

    public boolean isMalformed() {
        return malformedShape != null;
    }

    /** The key as UTF-8, as a {@code StringSerializer} would write it. */
    public byte[] keyBytes() {
        return key.getBytes(StandardCharsets.UTF_8);
    }

    /** The value decoded as UTF-8 (invalid bytes become U+FFFD). */
    public String valueAsString() {
        return new String(value, StandardCharsets.UTF_8);
    }

    /**
     * The event the job should decode from this record, or null for a malformed record: what a
     * reference model of the matching rules takes as input.
     */
    public PaymentEvent toPaymentEvent() {
        if (isMalformed()) {
            return null;
        }
        return new PaymentEvent(eventId, orderId, type, amount, currency, eventTime);
    }

    // A record's array component compares by identity; traffic compares by content.
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof GeneratedRecord)) {
            return false;
        }
        GeneratedRecord that = (GeneratedRecord) o;
        return eventTime == that.eventTime
                && key.equals(that.key)
                && Objects.equals(orderId, that.orderId)
                && Objects.equals(eventId, that.eventId)
                && Arrays.equals(value, that.value)
                && scenario == that.scenario
                && type == that.type
                && Objects.equals(amount, that.amount)
                && Objects.equals(currency, that.currency)
                && malformedShape == that.malformedShape;
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(key, orderId, eventId, eventTime, scenario, type, amount, currency, malformedShape)
                + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "GeneratedRecord{key=" + key + ", scenario=" + scenario
                + (isMalformed()
                        ? ", malformed=" + malformedShape
                        : ", type=" + type + ", eventId=" + eventId + ", eventTime=" + eventTime)
                + ", value=" + valueAsString() + "}";
    }
}
