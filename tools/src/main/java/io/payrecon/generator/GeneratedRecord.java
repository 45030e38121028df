package io.payrecon.generator;

import io.payrecon.model.EventType;
import io.payrecon.model.Kind;
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
 * @param movementId contract v3: the movement the side belongs to; null for the default movement
 *     (and for lifecycle events and malformed records)
 * @param kind contract v3: the kind the job reads (PAYMENT when the side names none); null for a
 *     lifecycle event or a malformed record
 * @param fee contract v3: a credit's fee text as written; else null
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
        MalformedInputCatalogue.Shape malformedShape,
        String movementId,
        Kind kind,
        String fee) {

    public GeneratedRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(scenario, "scenario");
    }

    /** A record without movement fields (contract v1/v2): a side of the default movement, a payment. */
    public GeneratedRecord(
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
        this(
                key,
                orderId,
                eventId,
                eventTime,
                value,
                scenario,
                type,
                amount,
                currency,
                malformedShape,
                null,
                malformedShape == null && type != null && type.isMoneyMovement() ? Kind.PAYMENT : null,
                null);
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
        if (!type.isMoneyMovement()) {
            return PaymentEvent.lifecycle(eventId, orderId, type, eventTime);
        }
        return new PaymentEvent(eventId, orderId, type, amount, currency, eventTime, movementId, kind, fee);
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
                && malformedShape == that.malformedShape
                && Objects.equals(movementId, that.movementId)
                && kind == that.kind
                && Objects.equals(fee, that.fee);
    }

    @Override
    public int hashCode() {
        return 31
                        * Objects.hash(
                                key,
                                orderId,
                                eventId,
                                eventTime,
                                scenario,
                                type,
                                amount,
                                currency,
                                malformedShape,
                                movementId,
                                kind,
                                fee)
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
