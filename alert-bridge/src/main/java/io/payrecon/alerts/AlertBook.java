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
    /** By exception_id; insertion order keeps re-sends in a stable order. */
    private final Map<String, Alert> open = new LinkedHashMap<>();

    /**
     * @param expiry lifetime of the types the job never resolves (mismatch, duplicate side, event id
     *     conflict, invalid transition, malformed)
     * @param unmatchedExpiry lifetime of an UNMATCHED_* that no RESOLVED closes: after the job's
     *     {@code --retention} the order is forgotten and a RESOLVED can no longer come
     */
    public AlertBook(Duration expiry, Duration unmatchedExpiry) {
        this.expiry = expiry;
        this.unmatchedExpiry = unmatchedExpiry;
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
            ExceptionEvent opened = was == null ? event : was.opened();
            return new Alert(Alert.Status.RESOLVED, opened, event, was == null ? null : was.expiresAt());
        }
        Instant expiresAt = event.writtenAt().plus(event.resolvable() ? unmatchedExpiry : expiry);
        Alert was = open.get(id);
        if (was != null) {
            // The same id opened again (a replay of the job's output): one alert, started at the
            // first OPEN, living until the later expiry.
            Alert merged = new Alert(
                    Alert.Status.OPEN,
                    was.opened(),
                    null,
                    expiresAt.isAfter(was.expiresAt()) ? expiresAt : was.expiresAt());
            open.put(id, merged);
            return merged;
        }
        if (!expiresAt.isAfter(now)) {
            return null;
        }
        Alert alert = new Alert(Alert.Status.OPEN, event, null, expiresAt);
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
                expired.add(new Alert(Alert.Status.EXPIRED, a.opened(), null, a.expiresAt()));
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
