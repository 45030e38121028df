package io.payrecon.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * An alert as Alertmanager's {@code POST /api/v2/alerts} takes it. Alertmanager identifies an alert
 * by its label set, so the labels hold only what identifies the exception (and routes it); the
 * rest goes into annotations. Re-sending the same alert is therefore harmless. The money (contract
 * v2's {@code amount} and {@code currency}) is an annotation too: a label would give an alert opened
 * by a record of a job before v2 (no money) another identity than the same alert re-sent after an
 * upgrade. Contract v3's {@code movement_id} is a label only for the types whose exception_id
 * names it (an unmatched side, a mismatch): there it identifies the alert, and is the same on its
 * OPEN and RESOLVED records and absent for the default movement, as in records before v3.
 */
public final class AlertmanagerMapping {
    /**
     * A firing alert's {@code endsAt} is this many re-send intervals ahead (what Prometheus does):
     * if the bridge stops for longer, Alertmanager resolves its alerts by itself.
     */
    public static final int LIFETIME_RESENDS = 4;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final AlertText text;
    private final Duration resendInterval;

    public AlertmanagerMapping(AlertText text, Duration resendInterval) {
        this.text = text;
        this.resendInterval = resendInterval;
    }

    public ObjectNode toAlert(Alert alert, Instant now) {
        ExceptionEvent e = alert.opened();
        ObjectNode node = JSON.createObjectNode();
        ObjectNode labels = node.putObject("labels");
        labels.put("alertname", e.type());
        labels.put("severity", e.severity().toLowerCase(Locale.ROOT));
        if (e.orderId() != null && !e.orderId().isEmpty()) {
            labels.put("order_id", e.orderId());
        }
        if (e.identifyingMovementId() != null) {
            labels.put("movement_id", e.identifyingMovementId());
        }
        labels.put("exception_id", e.exceptionId());
        if (text.environment() != null) {
            labels.put("environment", text.environment());
        }

        ObjectNode annotations = node.putObject("annotations");
        annotations.put("summary", AlertText.summary(e));
        if (e.detail() != null) {
            annotations.put("description", e.detail());
        }
        if (e.detectedTime() != null) {
            annotations.put("detected_time", e.detectedTime());
        }
        annotations.put("raised_at", e.writtenAt().toString());
        if (!e.eventIds().isEmpty()) {
            annotations.put("event_ids", String.join(", ", e.eventIds()));
        }
        if (e.amount() != null) {
            annotations.put("amount", e.amount());
        }
        if (e.currency() != null) {
            annotations.put("currency", e.currency());
        }
        if (e.excess() != null) {
            annotations.put("excess", e.excess());
        }
        if (e.movementId() != null) {
            annotations.put("movement_id", e.movementId());
        }
        if (alert.resolvedBy() != null) {
            annotations.put("resolved_at", alert.resolvedBy().writtenAt().toString());
            if (alert.resolvedBy().detail() != null) {
                annotations.put("resolution", alert.resolvedBy().detail());
            }
        }
        if (alert.status() != Alert.Status.RESOLVED && alert.expiresAt() != null) {
            annotations.put("expires_at", alert.expiresAt().toString());
        }
        if (alert.flood()) {
            // A flood alert (AlertBook): how many exceptions it stands for; event_ids has the first ones.
            annotations.put("count", Long.toString(alert.count()));
        }
        annotations.put("runbook_url", text.runbookLink(e.type()));

        node.put("startsAt", alert.startsAt().toString());
        node.put("endsAt", endsAt(alert, now).toString());
        if (text.runbookIsUrl()) {
            node.put("generatorURL", text.runbookLink(e.type()));
        }
        return node;
    }

    /** Firing: a few re-send intervals ahead, never past its expiry. Ended: when it ended. */
    Instant endsAt(Alert alert, Instant now) {
        if (alert.status() != Alert.Status.OPEN) {
            return alert.endedAt();
        }
        Instant horizon = now.plus(resendInterval.multipliedBy(LIFETIME_RESENDS));
        return alert.expiresAt().isBefore(horizon) ? alert.expiresAt() : horizon;
    }
}
