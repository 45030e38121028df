package io.payrecon.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * An exception as an Opsgenie Alert API request: OPEN creates an alert whose {@code alias} is the
 * exception id (Opsgenie de-duplicates open alerts on it), RESOLVED closes the alert with that
 * alias. An EXPIRED alert sends nothing: a human closes it. A further OPEN of an open alert (an
 * OVER_REFUND's larger excess) is a create again, which Opsgenie counts on the open alert without
 * changing what it shows, and a note with the new text.
 */
public final class OpsgenieMapping {
    public static final int MESSAGE_MAX = 130;
    public static final int ALIAS_MAX = 512;
    public static final int DESCRIPTION_MAX = 15_000;
    public static final int SOURCE_MAX = 100;
    public static final int ENTITY_MAX = 512;
    public static final int TAG_MAX = 50;
    public static final int NOTE_MAX = 25_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertText text;

    public OpsgenieMapping(AlertText text) {
        this.text = text;
    }

    /** The alias both requests name the alert by. */
    public static String alias(Alert alert) {
        return AlertText.key(alert.exceptionId(), ALIAS_MAX);
    }

    /** The body of {@code POST /v2/alerts}, for an OPEN alert. */
    public ObjectNode createRequest(Alert alert) {
        ExceptionEvent e = alert.opened();
        ObjectNode body = JSON.createObjectNode();
        body.put("message", AlertText.cut(AlertText.summary(e), MESSAGE_MAX));
        body.put("alias", alias(alert));
        body.put("description", AlertText.cut(e.detail() == null ? AlertText.summary(e) : e.detail(), DESCRIPTION_MAX));
        body.put("priority", priority(e.severity()));
        body.put("source", AlertText.cut(text.source(), SOURCE_MAX));
        if (e.orderId() != null) {
            body.put("entity", AlertText.cut(e.orderId(), ENTITY_MAX));
        }
        var tags = body.putArray("tags");
        tags.add(AlertText.cut(e.type(), TAG_MAX));
        tags.add(AlertText.cut(e.severity().toLowerCase(Locale.ROOT), TAG_MAX));
        if (text.environment() != null) {
            tags.add(AlertText.cut(text.environment(), TAG_MAX));
        }
        ObjectNode details = body.putObject("details");
        details.put("exception_id", e.exceptionId());
        if (e.orderId() != null) {
            details.put("order_id", e.orderId());
        }
        details.put("type", e.type());
        details.put("event_ids", String.join(", ", e.eventIds()));
        if (e.detectedTime() != null) {
            details.put("detected_time", e.detectedTime());
        }
        details.put("raised_at", e.writtenAt().toString());
        // Contract v2: the money at stake. Opsgenie's details are strings: absent when there is none.
        if (e.amount() != null) {
            details.put("amount", e.amount());
        }
        if (e.currency() != null) {
            details.put("currency", e.currency());
        }
        if (e.excess() != null) {
            details.put("excess", e.excess());
        }
        if (e.movementId() != null) {
            details.put("movement_id", e.movementId());
        }
        if (text.environment() != null) {
            details.put("environment", text.environment());
        }
        details.put("runbook", text.runbookLink(e.type()));
        return body;
    }

    /** The body of {@code POST /v2/alerts/{alias}/close?identifierType=alias}, for a RESOLVED alert. */
    public ObjectNode closeRequest(Alert alert) {
        ObjectNode body = JSON.createObjectNode();
        body.put("source", AlertText.cut(text.source(), SOURCE_MAX));
        String detail = alert.resolvedBy() == null ? null : alert.resolvedBy().detail();
        body.put(
                "note",
                AlertText.cut("Resolved by the reconciliation job" + (detail == null ? "" : ": " + detail), NOTE_MAX));
        return body;
    }

    /**
     * The body of {@code POST /v2/alerts/{alias}/notes?identifierType=alias}, for an OPEN that updates
     * an open alert: Opsgenie does not change an open alert's text on a create with its alias.
     */
    public ObjectNode noteRequest(Alert alert) {
        ExceptionEvent e = alert.opened();
        ObjectNode body = JSON.createObjectNode();
        body.put("source", AlertText.cut(text.source(), SOURCE_MAX));
        String excess = e.excess() == null ? "" : " (excess " + e.excess() + ")";
        body.put("note", AlertText.cut("Opened again" + excess + ": " + AlertText.summary(e), NOTE_MAX));
        return body;
    }

    /** CRITICAL pages (P1), WARNING is P3; the levels PagerDuty has in between map alike. */
    static String priority(String severity) {
        return switch (severity.toUpperCase(Locale.ROOT)) {
            case "CRITICAL" -> "P1";
            case "ERROR" -> "P2";
            case "WARNING" -> "P3";
            case "INFO" -> "P5";
            default -> "P3";
        };
    }
}
