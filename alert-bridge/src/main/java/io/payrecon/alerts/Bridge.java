package io.payrecon.alerts;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a target in step with the exceptions topic.
 *
 * <p>Restart design: the open set is rebuilt by reading the retained topic from its beginning (the
 * topic is the truth, and no second store can disagree with it). Up to the offsets that are
 * committed, records only rebuild the set; past them (what the last run read but may not have
 * delivered), their changes are delivered again, folded per exception id, so a RESOLVED that was
 * already read makes its OPEN never fire again. Then every open alert is sent, the offsets of the
 * end of the rebuild are committed, and the bridge follows the topic: each poll's changes are
 * delivered, and only then their offsets committed (at least once: a crash re-delivers, and a
 * re-delivery is harmless because the tools identify an alert by its labels or key).
 *
 * <p>The partitions are assigned, not subscribed: one bridge reads every partition (it needs the
 * whole open set to re-send it), and a long retry while the target is down cannot cost it its
 * group membership.
 */
public final class Bridge implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);
    static final Duration POLL = Duration.ofMillis(500);

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final Target target;
    private final AlertBook book;
    private final Duration resendInterval;
    private final Clock clock;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private long skipped;

    public Bridge(
            Consumer<byte[], byte[]> consumer,
            String topic,
            Target target,
            AlertBook book,
            Duration resendInterval,
            Clock clock) {
        this.consumer = consumer;
        this.topic = topic;
        this.target = target;
        this.book = book;
        this.resendInterval = resendInterval;
        this.clock = clock;
    }

    /** Stops the loop from another thread; offsets of undelivered records stay uncommitted. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    /** True once the rebuild is done and its result delivered (for tests and the log). */
    public boolean caughtUp() {
        return caughtUp;
    }

    @Override
    public void run() {
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            rebuild(partitions);
            follow();
        } catch (WakeupException | InterruptedException e) {
            if (running) {
                throw new IllegalStateException("interrupted while running", e);
            }
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private List<TopicPartition> partitions() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(topic)) {
            partitions.add(new TopicPartition(topic, p.partition()));
        }
        return partitions;
    }

    private void rebuild(List<TopicPartition> partitions) throws InterruptedException {
        long started = System.nanoTime();
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions));
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions); // read_committed: the stable end
        Map<TopicPartition, Long> deliveredUpTo = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            deliveredUpTo.put(tp, c == null ? 0L : c.offset());
        }
        consumer.seekToBeginning(partitions);
        Map<String, Alert> undelivered = new LinkedHashMap<>();
        long records = 0;
        while (running && !reached(partitions, end)) {
            ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
            Instant now = clock.instant();
            for (ConsumerRecord<byte[], byte[]> r : polled) {
                records++;
                Alert change = apply(r, now);
                if (change != null && r.offset() >= deliveredUpTo.get(new TopicPartition(r.topic(), r.partition()))) {
                    undelivered.put(change.exceptionId(), change);
                }
            }
        }
        Instant now = clock.instant();
        book.expire(now); // their endsAt already told the target; nothing to send
        // An OPEN past the committed offsets goes out again only if it is still open; for
        // Alertmanager every open alert is sent below anyway.
        undelivered
                .values()
                .removeIf(a ->
                        a.status() == Alert.Status.OPEN && (target.forgetsAlerts() || !book.isOpen(a.exceptionId())));
        LOG.info(
                "rebuilt {} open alert(s) from {} record(s) of '{}' in {} ms; {} change(s) past the committed offsets",
                book.size(),
                records,
                topic,
                (System.nanoTime() - started) / 1_000_000,
                undelivered.size());
        target.deliver(undelivered.values(), now);
        if (target.forgetsAlerts()) {
            target.refresh(book.open(), now);
        }
        commitPositions(partitions);
        caughtUp = true;
        LOG.info("caught up with '{}'; delivering to {}", topic, target.describe());
    }

    private void follow() throws InterruptedException {
        Instant nextResend = clock.instant().plus(resendInterval);
        while (running) {
            ConsumerRecords<byte[], byte[]> polled = consumer.poll(POLL);
            Instant now = clock.instant();
            Map<String, Alert> changes = new LinkedHashMap<>();
            for (ConsumerRecord<byte[], byte[]> r : polled) {
                Alert change = apply(r, now);
                if (change != null) {
                    changes.put(change.exceptionId(), change);
                }
            }
            for (Alert expired : book.expire(now)) {
                changes.put(expired.exceptionId(), expired);
            }
            if (!changes.isEmpty()) {
                target.deliver(changes.values(), now);
            }
            if (!polled.isEmpty()) {
                commitPositions(consumer.assignment());
            }
            if (target.forgetsAlerts() && !now.isBefore(nextResend)) {
                target.refresh(book.open(), now);
                nextResend = now.plus(resendInterval);
            }
        }
    }

    private Alert apply(ConsumerRecord<byte[], byte[]> r, Instant now) {
        ExceptionEvent event;
        try {
            event = ExceptionEvent.parse(r.value(), Instant.ofEpochMilli(r.timestamp()));
        } catch (IllegalArgumentException e) {
            skipped++;
            LOG.warn(
                    "skipped {}-{}@{}: {} ({} skipped so far)",
                    r.topic(),
                    r.partition(),
                    r.offset(),
                    e.getMessage(),
                    skipped);
            return null;
        }
        return book.apply(event, now);
    }

    private boolean reached(List<TopicPartition> partitions, Map<TopicPartition, Long> end) {
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    private void commitPositions(Set<TopicPartition> partitions) {
        commitPositions(List.copyOf(partitions));
    }

    private void commitPositions(List<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : partitions) {
            offsets.put(tp, new OffsetAndMetadata(consumer.position(tp)));
        }
        consumer.commitSync(offsets);
    }
}
