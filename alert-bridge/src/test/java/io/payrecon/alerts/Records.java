package io.payrecon.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

/** Exception records as the job writes them (docs/contract.md, section 3), for the tests. */
final class Records {
    static final Instant T0 = Instant.parse("2026-11-21T10:00:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    private Records() {}

    static String json(String orderId, String type, String state, String... eventIds) {
        boolean malformed = type.equals("MALFORMED_EVENT");
        boolean warning = malformed || type.equals("INVALID_TRANSITION");
        String id = malformed
                ? "malformed:reconciliation:0:" + orderId
                : type.startsWith("DUPLICATE_") || type.equals("INVALID_TRANSITION")
                        ? orderId + ":" + type + ":" + eventIds[eventIds.length - 1]
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
                "MALFORMED_EVENT");
    }
}
