package io.payrecon.alerts;

import java.time.Instant;

/**
 * What the bridge knows about one exception, and what a change of it means to the alerting tool.
 *
 * @param status OPEN (fire it), RESOLVED (the job closed it), EXPIRED (nothing closes this type:
 *     its operator-set lifetime ran out)
 * @param opened the record that opened the alert; for a RESOLVED whose OPEN the bridge never saw
 *     (deleted by the topic's retention), the RESOLVED record itself
 * @param resolvedBy the RESOLVED record, or null
 * @param expiresAt when the alert ends unless resolved first (its OPEN's Kafka timestamp + the
 *     expiry for its type)
 */
public record Alert(Status status, ExceptionEvent opened, ExceptionEvent resolvedBy, Instant expiresAt) {

    public enum Status {
        OPEN,
        RESOLVED,
        EXPIRED
    }

    public String exceptionId() {
        return opened.exceptionId();
    }

    /** When the problem was raised: the OPEN record's Kafka timestamp, the same on every restart. */
    public Instant startsAt() {
        return opened.writtenAt();
    }

    /** For a RESOLVED or EXPIRED alert: when it ended (never before it started). */
    public Instant endedAt() {
        Instant end = switch (status) {
            case RESOLVED -> resolvedBy.writtenAt();
            case EXPIRED -> expiresAt;
            case OPEN -> throw new IllegalStateException("an open alert has not ended");
        };
        return end.isBefore(startsAt()) ? startsAt() : end;
    }
}
