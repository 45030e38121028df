package io.payrecon.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a target in step with the exceptions topic.
 *
 * <p>Two threads. The reader polls Kafka, folds each record into the {@link AlertBook} and puts the
 * change into the {@link Outbox}; the deliverer takes changes from it, CRITICAL first, and posts
 * them. The reader never waits for the target, so it reaches a CRITICAL record behind a million
 * WARNING ones in seconds, and the deliverer sends it next (a WARNING request in flight or waiting
 * out a retry is interrupted for it). Offsets are committed by the reader up to the last poll whose
 * changes are all delivered: at least once, as before.
 *
 * <p>Restart design: the open set is rebuilt by reading the retained topic from its beginning (the
 * topic is the truth, and no second store can disagree with it). Up to the offsets that are
 * committed, records only rebuild the set; past them (what the last run read but may not have
 * delivered), their changes are delivered again, folded per alert, so a RESOLVED that was already
 * read makes its OPEN never fire again. Then every open alert is sent (Alertmanager) and the bridge
 * follows the topic.
 *
 * <p>Replicas: the bridge subscribes with {@link OneActiveAssignor}: one member of the group owns
 * every partition (it needs the whole open set), the others stand by and take over, rebuilding from
 * the topic, when it leaves the group.
 *
 * <p>Stop: {@link #stop} ends both threads within seconds whatever the target does (a delivery is
 * interrupted, not waited for) and commits the offsets of what was delivered.
 */
public final class Bridge implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);
    static final Duration POLL = Duration.ofMillis(500);
    /** Alerts per delivery: Alertmanager takes them in one request; event tools one by one. */
    static final int BATCH = AlertmanagerTarget.BATCH;
    /** Poll positions remembered for commits; beyond, the newest is overwritten (commits stay safe, coarser). */
    private static final int MAX_MARKS = 1_000;

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Target target;
    private final AlertBook emptyBook;
    private final java.util.function.Supplier<AlertBook> books;
    private final Duration resendInterval;
    private final Clock clock;
    private final Outbox outbox;
    private final BridgeMetrics metrics;

    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile boolean active;
    private volatile Thread deliverer;
    private volatile boolean delivering;
    private volatile boolean deliveringWarnings;
    /** Records not read yet (behind the partitions' ends), as of the last poll. */
    private final java.util.concurrent.atomic.AtomicLong lag = new java.util.concurrent.atomic.AtomicLong();
    /** Records read but not committed: read, maybe not delivered. */
    private final java.util.concurrent.atomic.AtomicLong uncommitted = new java.util.concurrent.atomic.AtomicLong();

    private volatile long openAlerts;
    private volatile long flooded;
    private Map<TopicPartition, OffsetAndMetadata> lastCommitted = Map.of();

    // Reader thread only.
    private AlertBook book;
    private long seq;
    private final Deque<Mark> marks = new ArrayDeque<>();
    private long committedSeq;
    private Rebuild rebuild;
    private Instant nextResend;
    private boolean paused;
    /** The poll that ended the rebuild: once it is delivered, the bridge has caught up. */
    private long rebuildSeq = -1;

    /** The positions after poll {@code seq}. */
    private record Mark(long seq, Map<TopicPartition, OffsetAndMetadata> offsets) {}

    /** A rebuild under way: where each partition was committed, and the end it reads up to. */
    private record Rebuild(
            Map<TopicPartition, Long> committed, Map<TopicPartition, Long> end, long started, long[] records) {}

    public Bridge(
            Consumer<byte[], byte[]> consumer,
            String topic,
            Target target,
            java.util.function.Supplier<AlertBook> books,
            Duration resendInterval,
            Duration floodUpdateInterval,
            Clock clock,
            BridgeMetrics metrics) {
        this.consumer = consumer;
        this.topic = topic;
        this.target = target;
        this.books = books;
        this.emptyBook = books.get();
        this.book = emptyBook;
        this.resendInterval = resendInterval;
        this.clock = clock;
        this.outbox = new Outbox(floodUpdateInterval);
        this.metrics = metrics;
        metrics.gauge("payrecon_bridge_active", () -> active ? 1 : 0);
        metrics.gauge("payrecon_bridge_consumer_lag", lag::get);
        metrics.gauge("payrecon_bridge_uncommitted_records", uncommitted::get);
        metrics.gauge("payrecon_bridge_alerts_open", () -> openAlerts);
        metrics.gauge("payrecon_bridge_flooded_exceptions", () -> flooded);
        metrics.gauge("payrecon_bridge_caught_up", () -> caughtUp ? 1 : 0);
        metrics.gauge("payrecon_bridge_pending_alerts{severity=\"critical\"}", () -> outbox.pending(true));
        metrics.gauge("payrecon_bridge_pending_alerts{severity=\"warning\"}", () -> outbox.pending(false));
    }

    /** Stops both threads from another thread; offsets of undelivered records stay uncommitted. */
    public void stop() {
        running = false;
        consumer.wakeup();
        Thread d = deliverer;
        if (d != null) {
            d.interrupt();
        }
    }

    /** True once this replica owns the partitions, has rebuilt and has delivered the rebuild. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** True while this replica owns the partitions; false while it stands by. */
    public boolean active() {
        return active;
    }

    @Override
    public void run() {
        Thread d = new Thread(this::deliverLoop, "alert-bridge-delivery");
        d.setDaemon(true);
        deliverer = d;
        d.start();
        try {
            consumer.subscribe(List.of(topic), new Listener());
            while (running) {
                readOnce();
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } finally {
            running = false;
            d.interrupt();
            try {
                d.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                commitDelivered(); // what was delivered up to the stop
            } catch (RuntimeException e) {
                LOG.warn("could not commit the delivered offsets at stop: {}", e.toString());
            }
            consumer.close(Duration.ofSeconds(3));
            LOG.info("stopped");
        }
    }

    private void readOnce() {
        // Backpressure: a target that is down while ends of alerts pile up stops the reading, never the heap.
        if (!paused
                && rebuild == null
                && outbox.full()
                && !consumer.assignment().isEmpty()) {
            consumer.pause(consumer.assignment());
            paused = true;
        } else if (paused && !outbox.full()) {
            consumer.resume(consumer.paused());
            paused = false;
        }
        ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
        Instant now = clock.instant();
        measure();
        if (rebuild != null) {
            for (ConsumerRecord<byte[], byte[]> r : polled) {
                rebuild.records()[0]++;
                boolean delivered = r.offset() < rebuild.committed().getOrDefault(tp(r), 0L);
                Alert change = apply(r, now, delivered);
                if (change != null && !delivered) {
                    outbox.put(change, 1);
                }
            }
            if (reached(rebuild.end())) {
                finishRebuild(now);
            }
            return;
        }
        if (!active) {
            return;
        }
        seq++;
        for (ConsumerRecord<byte[], byte[]> r : polled) {
            Alert change = apply(r, now, false);
            if (change != null) {
                offer(change);
            }
        }
        for (Alert ended : book.expire(now)) {
            offer(ended);
        }
        // The re-send, once the previous one and every change before it went out: re-sends never pile
        // up behind a slow target, and never keep the CRITICAL lane so busy that WARNINGs starve.
        if (target.forgetsAlerts() && !now.isBefore(nextResend) && outbox.pending(true) + outbox.pending(false) == 0) {
            for (Alert a : book.open()) {
                outbox.put(a, seq);
            }
            nextResend = now.plus(resendInterval);
        }
        mark();
        commitDelivered();
        if (!caughtUp && rebuildSeq >= 0 && committedSeq >= rebuildSeq) {
            caughtUp = true; // the rebuild's changes and open set delivered, their offsets committed
            LOG.info("caught up with '{}'; delivering to {}", topic, target.describe());
        }
    }

    /** The gauges only the reader thread can read (the consumer is not thread-safe). */
    private void measure() {
        long behind = 0;
        long notCommitted = 0;
        for (TopicPartition tp : consumer.assignment()) {
            behind += consumer.currentLag(tp).orElse(0);
            OffsetAndMetadata c = lastCommitted.get(tp);
            notCommitted += consumer.position(tp) - (c == null ? 0 : c.offset());
        }
        lag.set(behind);
        uncommitted.set(rebuild != null ? 0 : Math.max(0, notCommitted));
        openAlerts = book.size();
        flooded = book.flooded();
    }

    private void offer(Alert change) {
        outbox.put(change, seq);
        if (change.critical() && deliveringWarnings) {
            Thread d = deliverer;
            if (d != null) {
                d.interrupt(); // a WARNING request or its retry wait gives way to the CRITICAL
            }
        }
    }

    private void mark() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : consumer.assignment()) {
            offsets.put(tp, new OffsetAndMetadata(consumer.position(tp)));
        }
        if (marks.size() >= MAX_MARKS) {
            marks.pollLast();
        }
        marks.addLast(new Mark(seq, offsets));
        outbox.polled(seq);
    }

    /** Commits the positions of the last poll whose changes are all delivered, if not yet committed. */
    private void commitDelivered() {
        if (!active) {
            return;
        }
        long upTo = outbox.deliveredUpTo();
        Mark best = null;
        while (!marks.isEmpty() && marks.peekFirst().seq() <= upTo) {
            best = marks.pollFirst();
        }
        if (best == null || best.seq() <= committedSeq) {
            return;
        }
        try {
            consumer.commitSync(best.offsets(), Duration.ofSeconds(5));
            committedSeq = best.seq();
            lastCommitted = best.offsets();
        } catch (CommitFailedException e) {
            LOG.warn("offsets not committed: this replica is no longer the group's active member ({})", e.getMessage());
        } catch (KafkaException e) {
            if (e instanceof WakeupException) {
                throw e;
            }
            LOG.warn("offsets not committed, will retry with the next poll: {}", e.toString());
            marks.addFirst(best);
        }
    }

    private Alert apply(ConsumerRecord<byte[], byte[]> r, Instant now, boolean delivered) {
        metrics.recordsRead.incrementAndGet();
        ExceptionEvent event;
        try {
            event = ExceptionEvent.parse(r.value(), Instant.ofEpochMilli(r.timestamp()));
        } catch (IllegalArgumentException e) {
            long skipped = metrics.recordsSkipped.incrementAndGet();
            LOG.warn(
                    "skipped {}-{}@{}: {} ({} skipped so far)",
                    r.topic(),
                    r.partition(),
                    r.offset(),
                    e.getMessage(),
                    skipped);
            return null;
        }
        return book.apply(event, now, delivered);
    }

    private static TopicPartition tp(ConsumerRecord<?, ?> r) {
        return new TopicPartition(r.topic(), r.partition());
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Partitions came: read the topic from its beginning to rebuild the open set. */
    private void startRebuild(Collection<TopicPartition> partitions) {
        Set<TopicPartition> all = Set.copyOf(partitions);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(all);
        Map<TopicPartition, Long> end = consumer.endOffsets(all); // read_committed: the stable end
        Map<TopicPartition, Long> from = new HashMap<>();
        for (TopicPartition tp : all) {
            OffsetAndMetadata c = committed.get(tp);
            from.put(tp, c == null ? 0L : c.offset());
        }
        book = books.get();
        outbox.clear();
        outbox.hold(true);
        marks.clear();
        consumer.seekToBeginning(all);
        rebuild = new Rebuild(from, end, System.nanoTime(), new long[1]);
        Map<TopicPartition, OffsetAndMetadata> was = new HashMap<>();
        from.forEach((tp, offset) -> was.put(tp, new OffsetAndMetadata(offset)));
        lastCommitted = was;
        active = true;
        caughtUp = false;
        rebuildSeq = -1;
        LOG.info("owning {} partition(s) of '{}': rebuilding the open set from the beginning", all.size(), topic);
    }

    private void finishRebuild(Instant now) {
        book.expire(now); // their endsAt already told the target; nothing to send
        // An OPEN past the committed offsets goes out again only if it is still open; for
        // Alertmanager every open alert is sent below anyway.
        outbox.removeOpenIf(a -> target.forgetsAlerts() || !book.isOpen(a.exceptionId()));
        LOG.info(
                "rebuilt {} open alert(s) ({} exception(s) in flood alerts) from {} record(s) of '{}' in {} ms;"
                        + " {} change(s) past the committed offsets",
                book.size(),
                book.flooded(),
                rebuild.records()[0],
                topic,
                (System.nanoTime() - rebuild.started()) / 1_000_000,
                outbox.pending(true) + outbox.pending(false));
        rebuild = null;
        seq = Math.max(seq, committedSeq) + 1;
        if (target.forgetsAlerts()) {
            for (Alert a : book.open()) {
                outbox.put(a, seq);
            }
        }
        nextResend = now.plus(resendInterval);
        mark();
        outbox.hold(false);
        rebuildSeq = seq;
        LOG.info("rebuilt; delivering to {}", target.describe());
    }

    /** Partitions went (another replica took over, or the session expired): stand by. */
    private void standBy(String why) {
        if (active && rebuild == null) {
            try {
                commitDelivered();
            } catch (RuntimeException e) {
                LOG.warn("could not commit before giving the partitions up: {}", e.toString());
            }
        }
        active = false;
        caughtUp = false;
        rebuildSeq = -1;
        rebuild = null;
        book = emptyBook;
        outbox.clear();
        outbox.hold(false);
        marks.clear();
        LOG.info("standing by: {}", why);
    }

    private final class Listener implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                standBy(partitions.size() + " partition(s) revoked");
            }
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                active = false; // no commit: the group has moved on
                standBy(partitions.size() + " partition(s) lost");
            }
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                startRebuild(consumer.assignment());
            } else if (consumer.assignment().isEmpty()) {
                LOG.info("standing by: another replica of the group owns '{}'", topic);
            }
        }
    }

    // --- the delivery thread ---

    private void deliverLoop() {
        while (running) {
            List<Outbox.Entry> batch;
            try {
                batch = outbox.take(target.forgetsAlerts() ? BATCH : 1, clock);
            } catch (InterruptedException e) {
                continue; // stop, or a CRITICAL came: look again
            }
            List<Alert> alerts = new ArrayList<>(batch.size());
            boolean anyCritical = false;
            for (Outbox.Entry e : batch) {
                alerts.add(e.alert());
                anyCritical |= e.alert().critical();
            }
            deliveringWarnings = !anyCritical;
            delivering = true;
            try {
                if (!anyCritical && outbox.hasCritical()) {
                    continue;
                }
                target.deliver(alerts, clock.instant());
                outbox.delivered(batch, clock.instant());
                (anyCritical ? metrics.criticalDelivered : metrics.warningDelivered).addAndGet(alerts.size());
            } catch (InterruptedException e) {
                if (running) {
                    LOG.info("a CRITICAL alert goes first; {} WARNING change(s) wait", alerts.size());
                }
            } catch (RuntimeException e) {
                LOG.error("delivery failed, retrying: {}", e.toString());
                sleepQuietly();
            } finally {
                delivering = false;
                deliveringWarnings = false;
                Thread.interrupted(); // an interrupt meant for the request just finished
            }
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(1_000); // after an unexpected failure, not a wait for a condition
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
