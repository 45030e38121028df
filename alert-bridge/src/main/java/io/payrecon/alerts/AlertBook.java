package io.payrecon.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open alerts, folded from the exceptions topic in offset order. Pure: no I/O, the clock is a
 * parameter. The bridge rebuilds it after a restart by folding the retained topic again, so every
 * decision here depends only on the records and {@code now}, never on when the bridge saw them.
 */
public final class AlertBook {
    private final Duration expiry;
    private final Duration unmatchedExpiry;
    private final Duration overRefundExpiry;
    /** By exception_id; insertion order keeps re-sends in a stable order. */
    private final Map<String, Alert> open = new LinkedHashMap<>();

    /**
     * @param expiry lifetime of the types the job never resolves (mismatch, duplicate side, event id
     *     conflict, invalid transition, malformed, order overflow)
     * @param unmatchedExpiry lifetime of an UNMATCHED_* that no RESOLVED closes: after the job's
     *     {@code --retention} the order is forgotten and a RESOLVED can no longer come
     * @param overRefundExpiry lifetime of an OVER_REFUND that no RESOLVED closes: after the job's
     *     {@code --money-retention} it drops the order's sums without a word
     */
    public AlertBook(Duration expiry, Duration unmatchedExpiry, Duration overRefundExpiry) {
        this.expiry = expiry;
        this.unmatchedExpiry = unmatchedExpiry;
        this.overRefundExpiry = overRefundExpiry;
    }

    /** How long an OPEN of this type lives with no RESOLVED: as long as the job may still send one. */
    Duration lifetime(ExceptionEvent event) {
        if (!event.resolvable()) {
            return expiry;
        }
        return event.type().equals(ExceptionEvent.OVER_REFUND) ? overRefundExpiry : unmatchedExpiry;
    }

    /**
     * Applies one record.
     *
     * @return the change to send, or null when there is none (an OPEN that has already expired)
     */
    public Alert apply(ExceptionEvent event, Instant now) {
        String id = event.exceptionId();
        if (event.state() == ExceptionEvent.State.RESOLVED) {
            Alert was = open.remove(id);
            if (was == null) {
                return new Alert(Alert.Status.RESOLVED, event, event, event.writtenAt(), null, false);
            }
            return new Alert(Alert.Status.RESOLVED, was.opened(), event, was.startsAt(), was.expiresAt(), false);
        }
        Instant expiresAt = event.writtenAt().plus(lifetime(event));
        Alert was = open.get(id);
        if (was != null) {
            // The same id opened again while open: an OVER_REFUND with a larger excess (contract v3),
            // or a replay of the job's output. One alert, started at the first OPEN, showing the
            // latest record, living until the later expiry.
            Alert updated = new Alert(
                    Alert.Status.OPEN,
                    event,
                    null,
                    was.startsAt(),
                    expiresAt.isAfter(was.expiresAt()) ? expiresAt : was.expiresAt(),
                    true);
            open.put(id, updated);
            return updated;
        }
        if (!expiresAt.isAfter(now)) {
            return null;
        }
        Alert alert = new Alert(Alert.Status.OPEN, event, null, event.writtenAt(), expiresAt, false);
        open.put(id, alert);
        return alert;
    }

    /** Removes the alerts whose lifetime ran out, and returns them as EXPIRED. */
    public List<Alert> expire(Instant now) {
        List<Alert> expired = new ArrayList<>();
        for (Iterator<Alert> it = open.values().iterator(); it.hasNext(); ) {
            Alert a = it.next();
            if (!a.expiresAt().isAfter(now)) {
                it.remove();
                expired.add(new Alert(Alert.Status.EXPIRED, a.opened(), null, a.startsAt(), a.expiresAt(), false));
            }
        }
        return expired;
    }

    public Collection<Alert> open() {
        return Collections.unmodifiableCollection(open.values());
    }

    public boolean isOpen(String exceptionId) {
        return open.containsKey(exceptionId);
    }

    public int size() {
        return open.size();
    }
}
