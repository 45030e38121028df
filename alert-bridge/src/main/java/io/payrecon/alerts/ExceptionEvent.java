package io.payrecon.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One record of the {@code exceptions} topic, as the bridge needs it, with the Kafka timestamp it
 * was written at. The bridge is a consumer of the contract like any other: it reads the JSON fields
 * (docs/schemas/exceptions.schema.json), not the job's classes.
 *
 * @param amount contract v2: the money the exception is about, the event's decimal text exactly as
 *     given (the waiting side's for an unmatched side, the debit's for a mismatch, the new side's for
 *     a duplicate, the conflicting copy's for an id conflict); null where no single amount applies
 *     (invalid transition, malformed input, a conflict of lifecycle events) and in records of a job
 *     before v2
 * @param currency the currency of {@code amount}; null when it is
 * @param movementId contract v3: the movement of the order the exception is about ({@code
 *     UNMATCHED_*}, {@code *_MISMATCH}, {@code DUPLICATE_*}); null for the order's default movement,
 *     for every other type, and in records of a job before v3 (the field absent)
 * @param writtenAt the record's Kafka timestamp: when the job wrote it (the job leaves the timestamp
 *     to its producer). Expiry and {@code startsAt} count from it, so that a restart of the bridge
 *     computes the same values again.
 */
public record ExceptionEvent(
        String exceptionId,
        String type,
        State state,
        String severity,
        String orderId,
        List<String> eventIds,
        String detectedTime,
        String detail,
        String amount,
        String currency,
        String movementId,
        Instant writtenAt) {

    public enum State {
        OPEN,
        RESOLVED
    }

    /** Contract v3: an order's refunds and chargebacks exceed its payments in one currency. */
    public static final String OVER_REFUND = "OVER_REFUND";

    /**
     * The types the job resolves itself: an unmatched side (its late counterpart) and, contract v3, an
     * over-refund (a later payment that brings the order back within what it took). Every other type
     * (mismatches, duplicate sides, {@code EVENT_ID_CONFLICT}, invalid transitions, malformed input,
     * {@code ORDER_OVERFLOW}, and any type added later) is never RESOLVED by the job: it stays open
     * until it expires.
     */
    public static boolean resolvable(String type) {
        return type.startsWith("UNMATCHED_") || type.equals(OVER_REFUND);
    }

    public boolean resolvable() {
        return resolvable(type);
    }

    /**
     * Contract v3: the types whose exception_id names the movement ({@code
     * <order_id>:<type>:<movement_id>}), so that its movement_id identifies the alert: an unmatched
     * side and the three mismatches. A duplicate side carries its movement too, but is identified by
     * its event_id.
     */
    public static boolean movementScoped(String type) {
        return type.startsWith("UNMATCHED_") || type.endsWith("_MISMATCH");
    }

    /** The movement_id when it identifies the alert (a movement-scoped type); null otherwise. */
    public String identifyingMovementId() {
        return movementScoped(type) ? movementId : null;
    }

    /**
     * For an OVER_REFUND: what the order returned beyond what it took, {@code <amount> <currency>}
     * (its amount is the excess, contract v3); null for every other type.
     */
    public String excess() {
        if (!type.equals(OVER_REFUND) || amount == null) {
            return null;
        }
        return currency == null ? amount : amount + " " + currency;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads a record value. Fields the bridge does not know are ignored, so that a job that adds
     * fields keeps its alerts.
     *
     * @throws IllegalArgumentException with the reason, for a value that is not an exception record
     *     (the bridge logs and skips it: one bad record must not stop every alert behind it)
     */
    public static ExceptionEvent parse(byte[] value, Instant writtenAt) {
        if (value == null || value.length == 0) {
            throw new IllegalArgumentException("empty value");
        }
        JsonNode node;
        try {
            node = JSON.readTree(new String(value, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        String id = requiredText(node, "exception_id");
        String type = requiredText(node, "type");
        String stateText = requiredText(node, "state");
        State state;
        try {
            state = State.valueOf(stateText);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state '" + stateText + "' is neither OPEN nor RESOLVED");
        }
        List<String> eventIds = new ArrayList<>();
        JsonNode ids = node.path("event_ids");
        if (ids.isArray()) {
            ids.forEach(n -> eventIds.add(n.asText()));
        }
        return new ExceptionEvent(
                id,
                type,
                state,
                requiredText(node, "severity").toUpperCase(Locale.ROOT),
                optionalText(node, "order_id"),
                List.copyOf(eventIds),
                optionalText(node, "detected_time"),
                optionalText(node, "detail"),
                optionalText(node, "amount"),
                optionalText(node, "currency"),
                // Contract v3; a record of an earlier job has no such field: null, as for the default movement.
                optionalText(node, "movement_id"),
                writtenAt);
    }

    private static String requiredText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IllegalArgumentException("no '" + field + "' string");
        }
        return v.asText();
    }

    /** The field's text; null when it is absent, null or not a string. */
    private static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isTextual() ? null : v.asText();
    }
}
