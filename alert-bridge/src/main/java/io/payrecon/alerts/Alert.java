package io.payrecon.alerts;

import java.time.Instant;

/**
 * What the bridge knows about one exception, and what a change of it means to the alerting tool.
 *
 * @param status OPEN (fire it), RESOLVED (the job closed it), EXPIRED (nothing closes this type:
 *     its operator-set lifetime ran out)
 * @param opened the alert's latest OPEN record, what every target shows (an OVER_REFUND is opened
 *     again with each larger excess); for a RESOLVED whose OPEN the bridge never saw (deleted by the
 *     topic's retention), the RESOLVED record itself; for a flood alert, a record the bridge made up
 *     (id {@code flood:<TYPE>:<reason hash>}, the count and examples in its detail)
 * @param resolvedBy the RESOLVED record, or null
 * @param startsAt when the problem was raised: the first OPEN record's Kafka timestamp, the same on
 *     every restart and kept by later OPENs of the same exception_id
 * @param expiresAt when the alert ends unless resolved first (its latest OPEN's Kafka timestamp + the
 *     expiry for its type)
 * @param updated true when {@code opened} is a further OPEN of an alert that was already open: the
 *     change updates that alert (for an event-based tool, a note on the open incident), it is not a
 *     new one
 * @param count how many OPEN records this alert stands for: 1 for one exception, more for a flood
 *     alert (AlertBook: beyond the flood threshold of its type)
 */
public record Alert(
        Status status,
        ExceptionEvent opened,
        ExceptionEvent resolvedBy,
        Instant startsAt,
        Instant expiresAt,
        boolean updated,
        long count) {

    public enum Status {
        OPEN,
        RESOLVED,
        EXPIRED
    }

    /** One exception's alert. */
    public Alert(
            Status status,
            ExceptionEvent opened,
            ExceptionEvent resolvedBy,
            Instant startsAt,
            Instant expiresAt,
            boolean updated) {
        this(status, opened, resolvedBy, startsAt, expiresAt, updated, 1);
    }

    public String exceptionId() {
        return opened.exceptionId();
    }

    /** True for an alert that stands for many exceptions of one type and reason (a flood). */
    public boolean flood() {
        return exceptionId().startsWith(AlertBook.FLOOD_PREFIX);
    }

    /** CRITICAL alerts go out before every WARNING one. */
    public boolean critical() {
        return "CRITICAL".equals(opened.severity());
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
