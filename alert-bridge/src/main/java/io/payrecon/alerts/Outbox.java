package io.payrecon.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The changes read but not yet delivered, latest per alert id, in two lanes: CRITICAL and WARNING
 * (every other severity). The delivery thread takes CRITICAL first, always: a WARNING flood never
 * stands between a CRITICAL and the target. Bounded by the alerts the book holds (it coalesces) plus
 * the ends of alerts it no longer holds, which the reader limits by pausing (see {@link #full}).
 *
 * <p>Each change carries the sequence number of the poll that read it; {@link #deliveredUpTo} is the
 * last poll whose changes are all delivered, whose offsets the reader may then commit.
 *
 * <p>A flood alert's updates (its count growing) go out at most once per {@code floodUpdateInterval}:
 * they would otherwise take most of an event tool's rate limit (PagerDuty: about 120 a minute).
 */
final class Outbox {
    static final int MAX_PENDING = 20_000;

    record Entry(Alert alert, long seq) {}

    private final Map<String, Entry> critical = new LinkedHashMap<>();
    private final Map<String, Entry> warning = new LinkedHashMap<>();
    private final Map<String, Instant> floodSentAt = new HashMap<>();
    private final Duration floodUpdateInterval;
    private long lastSeq;
    /** While a rebuild reads the topic: its changes are not final until it reaches the end. */
    private boolean held;

    Outbox(Duration floodUpdateInterval) {
        this.floodUpdateInterval = floodUpdateInterval;
    }

    synchronized void put(Alert alert, long seq) {
        Map<String, Entry> lane = alert.critical() ? critical : warning;
        Entry was = lane.remove(alert.exceptionId()); // re-inserted at the end: the queue stays in arrival order
        lane.put(alert.exceptionId(), new Entry(alert, was == null ? seq : Math.min(seq, was.seq())));
        notifyAll();
    }

    /** The poll {@code seq} was read (changes or none): everything before it may be committed once delivered. */
    synchronized void polled(long seq) {
        lastSeq = seq;
        notifyAll();
    }

    synchronized void hold(boolean hold) {
        held = hold;
        notifyAll();
    }

    synchronized boolean full() {
        return critical.size() + warning.size() >= MAX_PENDING;
    }

    synchronized int pending(boolean criticalLane) {
        return criticalLane ? critical.size() : warning.size();
    }

    synchronized boolean hasCritical() {
        return !critical.isEmpty();
    }

    /** Drops what is pending (another replica takes over). */
    synchronized void clear() {
        critical.clear();
        warning.clear();
        floodSentAt.clear();
    }

    /** Removes the pending OPENs of alerts no longer open (the end of a rebuild). */
    synchronized void removeOpenIf(java.util.function.Predicate<Alert> gone) {
        critical.values().removeIf(e -> e.alert().status() == Alert.Status.OPEN && gone.test(e.alert()));
        warning.values().removeIf(e -> e.alert().status() == Alert.Status.OPEN && gone.test(e.alert()));
    }

    /**
     * Waits for changes that are due and returns up to {@code max} of them: CRITICAL ones when there
     * are any, else WARNING ones. Flood updates not yet due wait in place.
     */
    synchronized List<Entry> take(int max, java.time.Clock clock) throws InterruptedException {
        while (true) {
            if (held) {
                wait(1_000);
                continue;
            }
            Instant now = clock.instant();
            List<Entry> batch = due(critical, max, now);
            if (batch.isEmpty()) {
                batch = due(warning, max, now);
            }
            if (!batch.isEmpty()) {
                return batch;
            }
            Instant next = nextDue();
            long waitMs = next == null
                    ? 1_000
                    : Math.max(1, Duration.between(now, next).toMillis());
            wait(Math.min(waitMs, 1_000));
        }
    }

    private List<Entry> due(Map<String, Entry> lane, int max, Instant now) {
        List<Entry> batch = new ArrayList<>();
        for (Entry e : lane.values()) {
            if (batch.size() >= max) {
                break;
            }
            if (dueAt(e) == null || !dueAt(e).isAfter(now)) {
                batch.add(e);
            }
        }
        return batch;
    }

    /** Null when due at once; else when a flood update may go out. */
    private Instant dueAt(Entry e) {
        Alert a = e.alert();
        if (!a.flood() || a.status() != Alert.Status.OPEN || !a.updated()) {
            return null;
        }
        Instant sent = floodSentAt.get(a.exceptionId());
        return sent == null ? null : sent.plus(floodUpdateInterval);
    }

    private Instant nextDue() {
        Instant next = null;
        for (Map<String, Entry> lane : List.of(critical, warning)) {
            for (Entry e : lane.values()) {
                Instant at = dueAt(e);
                if (at != null && (next == null || at.isBefore(next))) {
                    next = at;
                }
            }
        }
        return next;
    }

    /** The batch was delivered (or refused for good): removes each entry not replaced meanwhile. */
    synchronized void delivered(List<Entry> batch, Instant now) {
        for (Entry e : batch) {
            Map<String, Entry> lane = e.alert().critical() ? critical : warning;
            lane.remove(e.alert().exceptionId(), e);
            if (e.alert().flood()) {
                if (e.alert().status() == Alert.Status.OPEN) {
                    floodSentAt.put(e.alert().exceptionId(), now);
                } else {
                    floodSentAt.remove(e.alert().exceptionId());
                }
            }
        }
        notifyAll();
    }

    /** The last poll whose changes are all delivered. */
    synchronized long deliveredUpTo() {
        long oldest = lastSeq + 1;
        for (Map<String, Entry> lane : List.of(critical, warning)) {
            for (Entry e : lane.values()) {
                oldest = Math.min(oldest, e.seq());
            }
        }
        return oldest - 1;
    }
}
