package io.payrecon.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open alerts, folded from the exceptions topic in offset order. Pure: no I/O, the clock is a
 * parameter. The bridge rebuilds it after a restart by folding the retained topic again, so every
 * decision here depends only on the records, {@code now} and whether a record was delivered before.
 *
 * <p><b>Floods.</b> At most {@code floodThreshold} alerts of one type are open one per exception.
 * Every further OPEN of that type, while that many are open, is folded into a flood alert of its
 * type and reason (the record's detail with its numbers and quoted values blanked): one alert that
 * counts its records and names a few of them, so that a producer bug writing a million exceptions
 * is a handful of alerts and the heap holds at most {@code floodThreshold + MAX_REASONS} alerts per
 * type. Nothing is dropped: the topic keeps every record, the flood alert says how many and which.
 * A flood alert expires like its type, from its latest record; for a type the job resolves, it is
 * resolved once as many RESOLVED records of exceptions not open one by one came as OPENs it folded.
 *
 * <p><b>A CRITICAL never expires unseen.</b> An OPEN read for the first time after its lifetime ran
 * out (the bridge was down longer than the expiry) is a WARNING's loss, but a CRITICAL opens anyway,
 * its lifetime counted from {@code now}: it reaches the target once. Records the bridge already
 * delivered (before its committed offsets) keep the plain rule, so a restart does not bring back
 * what expired.
 */
public final class AlertBook {
    /** The default number of alerts of one type open one by one; beyond, a flood alert. */
    public static final int DEFAULT_FLOOD_THRESHOLD = 10;
    /** Reasons of one type with a flood alert of their own; further reasons share one "other". */
    static final int MAX_REASONS = 10;
    /** Exception ids a flood alert names: the first ones. */
    static final int EXAMPLES = 5;

    static final String FLOOD_PREFIX = "flood:";
    private static final int REASON_MAX = 120;

    private final Duration expiry;
    private final Duration unmatchedExpiry;
    private final Duration overRefundExpiry;
    private final int floodThreshold;
    /** By exception_id; insertion order keeps re-sends in a stable order. */
    private final Map<String, Alert> open = new LinkedHashMap<>();
    /** Alerts open one by one, per type. */
    private final Map<String, Integer> openPerType = new HashMap<>();
    /** Flood alerts per type, by their id. */
    private final Map<String, Flood> floods = new LinkedHashMap<>();

    /** One type's flood: its alerts by reason, and how many of its OPENs no RESOLVED has closed. */
    private static final class Flood {
        final Map<String, Alert> byReason = new LinkedHashMap<>();
        long outstanding;
        long resolved;
        ExceptionEvent lastResolved;
    }

    public AlertBook(Duration expiry, Duration unmatchedExpiry, Duration overRefundExpiry) {
        this(expiry, unmatchedExpiry, overRefundExpiry, DEFAULT_FLOOD_THRESHOLD);
    }

    /**
     * @param expiry lifetime of the types the job never resolves (mismatch, duplicate side, event id
     *     conflict, invalid transition, malformed, order overflow)
     * @param unmatchedExpiry lifetime of an UNMATCHED_* that no RESOLVED closes: after the job's
     *     {@code --retention} the order is forgotten and a RESOLVED can no longer come
     * @param overRefundExpiry lifetime of an OVER_REFUND that no RESOLVED closes: after the job's
     *     {@code --money-retention} it drops the order's sums without a word
     * @param floodThreshold alerts of one type open one by one; every further one joins a flood alert
     */
    public AlertBook(Duration expiry, Duration unmatchedExpiry, Duration overRefundExpiry, int floodThreshold) {
        if (floodThreshold < 1) {
            throw new IllegalArgumentException("flood threshold " + floodThreshold);
        }
        this.expiry = expiry;
        this.unmatchedExpiry = unmatchedExpiry;
        this.overRefundExpiry = overRefundExpiry;
        this.floodThreshold = floodThreshold;
    }

    /** How long an OPEN of this type lives with no RESOLVED: as long as the job may still send one. */
    Duration lifetime(ExceptionEvent event) {
        if (!event.resolvable()) {
            return expiry;
        }
        return event.type().equals(ExceptionEvent.OVER_REFUND) ? overRefundExpiry : unmatchedExpiry;
    }

    /** Applies a record read for the first time (never delivered). */
    public Alert apply(ExceptionEvent event, Instant now) {
        return apply(event, now, false);
    }

    /**
     * Applies one record.
     *
     * @param delivered true for a record before the committed offsets: a previous run delivered it
     * @return the change to send, or null when there is none (an OPEN that has already expired, a
     *     RESOLVED counted by a flood)
     */
    public Alert apply(ExceptionEvent event, Instant now, boolean delivered) {
        String id = event.exceptionId();
        if (event.state() == ExceptionEvent.State.RESOLVED) {
            Alert was = open.remove(id);
            if (was != null) {
                openPerType.merge(event.type(), -1, Integer::sum);
                return new Alert(Alert.Status.RESOLVED, was.opened(), event, was.startsAt(), was.expiresAt(), false);
            }
            Flood flood = floods.get(event.type());
            if (flood != null) {
                // Most likely one of the flood's: counted there, one RESOLVED for the lot when it drains.
                flood.outstanding = Math.max(0, flood.outstanding - 1);
                flood.resolved++;
                flood.lastResolved = event;
                return null;
            }
            return new Alert(Alert.Status.RESOLVED, event, event, event.writtenAt(), null, false);
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
            if (delivered || !"CRITICAL".equals(event.severity())) {
                return null;
            }
            expiresAt = now.plus(lifetime(event)); // never delivered: a CRITICAL is not lost to an outage
        }
        if (openPerType.getOrDefault(event.type(), 0) >= floodThreshold) {
            return fold(event, expiresAt);
        }
        Alert alert = new Alert(Alert.Status.OPEN, event, null, event.writtenAt(), expiresAt, false);
        open.put(id, alert);
        openPerType.merge(event.type(), 1, Integer::sum);
        return alert;
    }

    private Alert fold(ExceptionEvent event, Instant expiresAt) {
        Flood flood = floods.computeIfAbsent(event.type(), t -> new Flood());
        String reason = cachedReason(event.detail());
        if (!flood.byReason.containsKey(reason) && flood.byReason.size() >= MAX_REASONS) {
            reason = "other reasons";
        }
        Alert was = flood.byReason.get(reason);
        long count = was == null ? 1 : was.count() + 1;
        List<String> examples = was == null ? List.of() : was.opened().eventIds();
        if (examples.size() < EXAMPLES) {
            examples = new ArrayList<>(examples);
            examples.add(event.exceptionId());
            examples = List.copyOf(examples);
        }
        Instant startsAt = was == null ? event.writtenAt() : was.startsAt();
        Instant ends = was == null || expiresAt.isAfter(was.expiresAt()) ? expiresAt : was.expiresAt();
        ExceptionEvent summary = new ExceptionEvent(
                was == null ? FLOOD_PREFIX + event.type() + ":" + hash(reason) : was.exceptionId(),
                event.type(),
                ExceptionEvent.State.OPEN,
                event.severity(),
                null,
                examples,
                null,
                count + " " + event.type() + " exceptions beyond " + floodThreshold + " open ones, since "
                        + startsAt + ", latest at " + event.writtenAt() + "; reason: " + reason
                        + "; first ids in event_ids; every record is in the topic",
                null,
                null,
                null,
                event.writtenAt());
        Alert alert = new Alert(Alert.Status.OPEN, summary, null, startsAt, ends, was != null, count);
        flood.byReason.put(reason, alert);
        flood.outstanding++;
        return alert;
    }

    /**
     * What a flood of one type is grouped by: the detail with its quoted values and numbers blanked,
     * so that "amount 10.00 != 12.00 on order o-17" and the same of o-18 are one reason.
     */
    static String reason(String detail) {
        if (detail == null || detail.isBlank()) {
            return "no detail";
        }
        String r = QUOTED.matcher(detail).replaceAll("'…'");
        r = WITH_DIGIT.matcher(r).replaceAll("#");
        r = SPACES.matcher(r).replaceAll(" ").strip();
        return AlertText.cut(r, REASON_MAX);
    }

    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile("'[^']*'|\"[^\"]*\"");
    private static final java.util.regex.Pattern WITH_DIGIT =
            java.util.regex.Pattern.compile("\\b[\\w.:-]*\\d[\\w.:-]*\\b");
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

    /** The reasons of recent details: a flood repeats a few details a million times. */
    private final Map<String, String> reasons = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 256;
        }
    };

    private String cachedReason(String detail) {
        if (detail == null) {
            return reason(null);
        }
        String r = reasons.get(detail);
        if (r == null) {
            r = reason(detail);
            reasons.put(detail, r);
        }
        return r;
    }

    private static String hash(String reason) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(reason.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /**
     * Removes the alerts whose lifetime ran out, and returns them as EXPIRED; and the flood alerts of
     * a type whose RESOLVED records caught up with its OPENs, as RESOLVED.
     */
    public List<Alert> expire(Instant now) {
        List<Alert> ended = new ArrayList<>();
        for (Iterator<Alert> it = open.values().iterator(); it.hasNext(); ) {
            Alert a = it.next();
            if (!a.expiresAt().isAfter(now)) {
                it.remove();
                openPerType.merge(a.opened().type(), -1, Integer::sum);
                ended.add(new Alert(Alert.Status.EXPIRED, a.opened(), null, a.startsAt(), a.expiresAt(), false));
            }
        }
        for (Iterator<Flood> floodIt = floods.values().iterator(); floodIt.hasNext(); ) {
            Flood flood = floodIt.next();
            boolean drained = flood.outstanding == 0;
            for (Iterator<Alert> it = flood.byReason.values().iterator(); it.hasNext(); ) {
                Alert a = it.next();
                if (drained) {
                    it.remove();
                    ExceptionEvent by = flood.lastResolved == null ? a.opened() : flood.lastResolved;
                    ended.add(new Alert(
                            Alert.Status.RESOLVED, a.opened(), by, a.startsAt(), a.expiresAt(), false, a.count()));
                } else if (!a.expiresAt().isAfter(now)) {
                    it.remove();
                    ended.add(new Alert(
                            Alert.Status.EXPIRED, a.opened(), null, a.startsAt(), a.expiresAt(), false, a.count()));
                }
            }
            if (flood.byReason.isEmpty()) {
                floodIt.remove();
            }
        }
        return ended;
    }

    /** Every open alert: the ones of one exception, then the flood alerts. */
    public Collection<Alert> open() {
        List<Alert> all = new ArrayList<>(open.values());
        for (Flood flood : floods.values()) {
            all.addAll(flood.byReason.values());
        }
        return all;
    }

    public boolean isOpen(String exceptionId) {
        if (open.containsKey(exceptionId)) {
            return true;
        }
        for (Flood flood : floods.values()) {
            for (Alert a : flood.byReason.values()) {
                if (a.exceptionId().equals(exceptionId)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Alerts held: one-by-one and flood alerts. */
    public int size() {
        int n = open.size();
        for (Flood flood : floods.values()) {
            n += flood.byReason.size();
        }
        return n;
    }

    /** OPEN records folded into flood alerts that are open now. */
    public long flooded() {
        long n = 0;
        for (Flood flood : floods.values()) {
            for (Alert a : flood.byReason.values()) {
                n += a.count();
            }
        }
        return n;
    }
}
