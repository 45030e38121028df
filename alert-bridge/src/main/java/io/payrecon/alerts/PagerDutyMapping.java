package io.payrecon.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Set;

/**
 * An exception as a PagerDuty Events API v2 event. PagerDuty keeps incidents itself: a trigger
 * opens one per {@code dedup_key}, a resolve closes it; an EXPIRED alert sends nothing (a human
 * closes the incident, as the on-call guide says for types the job never resolves).
 */
public final class PagerDutyMapping {
    public static final int DEDUP_KEY_MAX = 255;
    public static final int SUMMARY_MAX = 1024;
    public static final Set<String> SEVERITIES = Set.of("critical", "error", "warning", "info");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertText text;
    private final String routingKey;

    public PagerDutyMapping(AlertText text, String routingKey) {
        this.text = text;
        this.routingKey = routingKey;
    }

    /** The event to send, or null when this change means nothing to PagerDuty. */
    public ObjectNode toEvent(Alert alert) {
        ExceptionEvent e = alert.opened();
        ObjectNode event = JSON.createObjectNode();
        event.put("routing_key", routingKey);
        switch (alert.status()) {
            case RESOLVED -> {
                event.put("event_action", "resolve");
                event.put("dedup_key", AlertText.key(e.exceptionId(), DEDUP_KEY_MAX));
                return event;
            }
            case EXPIRED -> {
                return null;
            }
            case OPEN -> {
                event.put("event_action", "trigger");
                event.put("dedup_key", AlertText.key(e.exceptionId(), DEDUP_KEY_MAX));
            }
        }
        ObjectNode payload = event.putObject("payload");
        payload.put("summary", AlertText.cut(AlertText.summary(e), SUMMARY_MAX));
        payload.put("source", text.source());
        payload.put("severity", severity(e.severity()));
        payload.put(
                "timestamp",
                e.detectedTime() != null ? e.detectedTime() : e.writtenAt().toString());
        payload.put("class", e.type());
        if (text.environment() != null) {
            payload.put("group", text.environment());
        }
        ObjectNode details = payload.putObject("custom_details");
        details.put("exception_id", e.exceptionId());
        details.put("order_id", e.orderId());
        details.put("type", e.type());
        details.putPOJO("event_ids", e.eventIds());
        details.put("detected_time", e.detectedTime());
        details.put("raised_at", e.writtenAt().toString());
        details.put("detail", e.detail());
        // Contract v2: the money at stake, null where the exception has none.
        details.put("amount", e.amount());
        details.put("currency", e.currency());
        // Contract v3: the movement, null for the default movement and types without one.
        details.put("movement_id", e.movementId());
        if (e.excess() != null) {
            details.put("excess", e.excess());
        }
        if (text.environment() != null) {
            details.put("environment", text.environment());
        }
        if (alert.flood()) {
            details.put("count", alert.count());
        }
        details.put("runbook", text.runbookLink(e.type()));
        if (text.runbookIsUrl()) {
            event.putArray("links")
                    .addObject()
                    .put("href", text.runbookLink(e.type()))
                    .put("text", "On-call guide: " + e.type());
        }
        return event;
    }

    /** The record's severity in lower case; one PagerDuty does not know becomes {@code error}. */
    static String severity(String severity) {
        String lower = severity.toLowerCase(Locale.ROOT);
        return SEVERITIES.contains(lower) ? lower : "error";
    }
}
