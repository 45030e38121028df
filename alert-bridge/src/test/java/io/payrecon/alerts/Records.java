package io.payrecon.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/**
 * Exception records as the job writes them (docs/contract.md, section 3), for the tests: with
 * contract v2's money, {@code 150000.00 IDR} for every type that has an amount (an OVER_REFUND's
 * excess), and contract v3's {@code movement_id}, null (the default movement) unless given.
 */
final class Records {
    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Records() {}

    static String json(String orderId, String type, String state, String... eventIds) {
        boolean noMoney = type.equals("MALFORMED_EVENT") || type.equals("INVALID_TRANSITION");
        return withMoney(orderId, type, state, noMoney ? null : "150000.00", noMoney ? null : "IDR", eventIds);
    }

    /** A record with the given money (contract v2's {@code amount} and {@code currency}, null for none). */
    static String withMoney(
            String orderId, String type, String state, String amount, String currency, String... eventIds) {
        return record(orderId, type, state, amount, currency, null, eventIds);
    }

    /**
     * A record of a movement (contract v3): its exception_id names the movement for the types scoped
     * to one (an unmatched side, a mismatch).
     */
    static String ofMovement(String orderId, String type, String state, String movementId, String... eventIds) {
        return record(orderId, type, state, "150000.00", "IDR", movementId, eventIds);
    }

    /** A record of a job before v3: no {@code movement_id} field at all. */
    static String beforeV3(String orderId, String type, String state, String... eventIds) {
        try {
            ObjectNode n = (ObjectNode) JSON.readTree(json(orderId, type, state, eventIds));
            n.remove("movement_id");
            return n.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An OVER_REFUND (contract v3): the excess as its amount, the currency in its id, no movement. */
    static ExceptionEvent overRefund(String orderId, String state, String excess, Instant writtenAt) {
        return ExceptionEvent.parse(
                withMoney(orderId, "OVER_REFUND", state, excess, "EUR", "e-3", "e-4")
                        .getBytes(StandardCharsets.UTF_8),
                writtenAt);
    }

    private static String record(
            String orderId,
            String type,
            String state,
            String amount,
            String currency,
            String movementId,
            String... eventIds) {
        boolean malformed = type.equals("MALFORMED_EVENT");
        boolean warning = malformed || type.equals("INVALID_TRANSITION");
        String id = malformed
                ? "malformed:reconciliation:0:" + orderId
                : type.startsWith("DUPLICATE_") || type.equals("INVALID_TRANSITION") || type.equals("EVENT_ID_CONFLICT")
                        ? orderId + ":" + type + ":" + eventIds[eventIds.length - 1]
                        : type.equals("OVER_REFUND")
                                ? orderId + ":" + type + ":" + currency
                                : movementId != null && ExceptionEvent.movementScoped(type)
                                        ? orderId + ":" + type + ":" + movementId
                                        : orderId + ":" + type;
        ObjectNode n = JSON.createObjectNode();
        n.put("exception_id", id);
        n.put("type", type);
        n.put("state", state);
        n.put("severity", warning ? "WARNING" : "CRITICAL");
        n.put("order_id", orderId);
        var ids = n.putArray("event_ids");
        for (String e : eventIds) {
            ids.add(e);
        }
        n.put("detected_time", malformed ? null : "2026-11-21T10:10:00Z");
        n.put("detail", type + " on order " + orderId + " (" + state + ")");
        n.put("amount", amount);
        n.put("currency", currency);
        n.put("movement_id", movementId);
        if (malformed) {
            n.putObject("source")
                    .put("raw", "{")
                    .put("truncated", false)
                    .put("topic", "reconciliation")
                    .put("partition", 0)
                    .put("offset", 7);
        } else {
            n.putNull("source");
        }
        return n.toString();
    }

    static ExceptionEvent event(String orderId, String type, String state, Instant writtenAt, String... eventIds) {
        return ExceptionEvent.parse(json(orderId, type, state, eventIds).getBytes(StandardCharsets.UTF_8), writtenAt);
    }

    static ExceptionEvent open(String orderId, String type, Instant writtenAt) {
        return event(orderId, type, "OPEN", writtenAt, "e-1");
    }

    static ExceptionEvent resolved(String orderId, String type, Instant writtenAt) {
        return event(orderId, type, "RESOLVED", writtenAt, "e-1", "e-2");
    }

    static List<String> types() {
        return List.of(
                "UNMATCHED_DEBIT",
                "UNMATCHED_CREDIT",
                "AMOUNT_MISMATCH",
                "CURRENCY_MISMATCH",
                "DUPLICATE_DEBIT",
                "DUPLICATE_CREDIT",
                "INVALID_TRANSITION",
                "MALFORMED_EVENT",
                "EVENT_ID_CONFLICT",
                "KIND_MISMATCH",
                "OVER_REFUND",
                "ORDER_OVERFLOW");
    }
}
