package io.payrecon.job.io;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link InputReadiness} from the input brokers: once a second, while some partition is quiet, one
 * Admin client per TaskManager and input asks for every input partition's last stable offset (what
 * a read_committed reader can reach) and the job's committed group offsets. A partition is read to
 * its end when the brokers answered for it without a break (no gap over {@value #STALE_MILLIS} ms)
 * for the time asked, and its last stable offset is not beyond what the job read. While the input
 * brokers are down nothing answers, so a quiet partition is never taken for a quiet night; when they
 * are back, the quiet must last a whole idle-flush interval again, time for producers that buffered
 * meanwhile to deliver.
 *
 * <p>The end of a transactional producer's data carries a commit marker: the last stable offset is
 * then one past the last record. A gap that the brokers report unchanged for the whole interval,
 * while nothing was read, is such markers or aborted records (a reader that could read anything
 * would have): it counts as read to the end.
 *
 * <p>Shared by the partitions' watermark generators of one TaskManager (they have no close hook):
 * the client starts on the first question and stops a minute after the last.
 */
final class KafkaInputProbe implements InputReadiness {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(KafkaInputProbe.class);

    static final long ASK_EVERY_MILLIS = 1_000;
    static final long STALE_MILLIS = 10_000;
    private static final long STOP_AFTER_MILLIS = 60_000;
    private static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(3);

    /** One poller per TaskManager (per job class loader) and input. */
    private static final Map<KafkaInputProbe, Poller> POLLERS = new HashMap<>();

    private final String bootstrapServers;
    private final String topic;
    private final String groupId;
    private final Map<String, String> kafkaProperties;

    KafkaInputProbe(String bootstrapServers, String topic, String groupId, Map<String, String> kafkaProperties) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
        this.groupId = groupId;
        this.kafkaProperties = Map.copyOf(kafkaProperties);
    }

    @Override
    public long readToEndUntil(int partition, long nextOffset, long forMillis) {
        return poller().readToEndUntil(partition, nextOffset, forMillis, System.currentTimeMillis());
    }

    private Poller poller() {
        synchronized (POLLERS) {
            Poller poller = POLLERS.get(this);
            if (poller == null || !poller.isAlive()) {
                poller = new Poller(this);
                POLLERS.put(this, poller);
                poller.start();
            }
            poller.lastAsked = System.currentTimeMillis();
            return poller;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KafkaInputProbe p
                && p.bootstrapServers.equals(bootstrapServers)
                && p.topic.equals(topic)
                && p.groupId.equals(groupId)
                && p.kafkaProperties.equals(kafkaProperties);
    }

    @Override
    public int hashCode() {
        return (bootstrapServers + "/" + topic + "/" + groupId).hashCode();
    }

    /** What the brokers last said about one partition. */
    static final class Answer {
        volatile long stableEnd = -1;
        volatile long committed = -1;
        volatile long answeredAt = 0; // never: the epoch (MIN_VALUE would overflow "now - answeredAt")
        /** Since when answers came without a break; reset by a gap. */
        volatile long reachableSince = Long.MAX_VALUE;
        /** Since when {@link #stableEnd} has had its value. */
        volatile long stableEndSince = Long.MAX_VALUE;
        /** The furthest any reader of this TaskManager read (offset after its last record). */
        volatile long readUpTo = -1;

        volatile long readUpToSince = Long.MAX_VALUE;
    }

    private static final class Poller extends Thread {
        private final KafkaInputProbe input;
        private final Map<Integer, Answer> answers = new ConcurrentHashMap<>();
        volatile long lastAsked;
        private volatile boolean allKnown;
        /** Whether the last question was answered: its changes are logged, once each. */
        private boolean answering = true;

        Poller(KafkaInputProbe input) {
            super("payrecon-input-probe-" + input.topic);
            setDaemon(true);
            this.input = input;
            this.lastAsked = System.currentTimeMillis(); // before it starts: it stops a minute after this
        }

        long readToEndUntil(int partition, long nextOffset, long forMillis, long now) {
            if (partition >= 0) {
                Answer a = answers.computeIfAbsent(partition, p -> new Answer());
                if (nextOffset > a.readUpTo) {
                    a.readUpTo = nextOffset;
                    a.readUpToSince = now;
                }
                return readToEnd(a, forMillis, now) ? a.answeredAt : NOT_READ_TO_END;
            }
            if (!allKnown || answers.isEmpty()) {
                return NOT_READ_TO_END;
            }
            long until = Long.MAX_VALUE;
            for (Answer a : answers.values()) {
                if (!readToEnd(a, forMillis, now)) {
                    return NOT_READ_TO_END;
                }
                until = Math.min(until, a.answeredAt);
            }
            return until;
        }

        private static boolean readToEnd(Answer a, long forMillis, long now) {
            if (now - a.answeredAt > STALE_MILLIS || now - a.reachableSince < forMillis) {
                return false;
            }
            long read = Math.max(a.readUpTo, a.committed);
            if (a.stableEnd <= read) {
                return true;
            }
            // Markers or aborted records: the end stood still and nothing was read for the whole time.
            return now - a.stableEndSince >= forMillis && now - a.readUpToSince >= forMillis;
        }

        @Override
        public void run() {
            Properties props = new Properties();
            props.putAll(input.kafkaProperties);
            props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, input.bootstrapServers);
            props.put(AdminClientConfig.CLIENT_ID_CONFIG, "payrecon-input-probe");
            props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) ANSWER_TIMEOUT.toMillis());
            props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ANSWER_TIMEOUT.toMillis());
            try (Admin admin = Admin.create(props)) {
                while (System.currentTimeMillis() - lastAsked < STOP_AFTER_MILLIS) {
                    ask(admin);
                    Thread.sleep(ASK_EVERY_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("The input probe stopped: quiet partitions will not flush until it restarts", e);
            }
        }

        private void ask(Admin admin) {
            Map<TopicPartition, OffsetAndMetadata> committed = Map.of();
            try {
                // The job's own committed offsets help only a reader that has read nothing since it
                // started: a group without them (a new job) is no reason to call the input unreachable.
                committed = admin.listConsumerGroupOffsets(input.groupId)
                        .partitionsToOffsetAndMetadata()
                        .get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                LOG.debug("No committed offsets for group {}", input.groupId, e);
            }
            try {
                List<TopicPartitionInfo> partitions = admin.describeTopics(List.of(input.topic))
                        .allTopicNames()
                        .get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                        .get(input.topic)
                        .partitions();
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                partitions.forEach(
                        p -> latest.put(new TopicPartition(input.topic, p.partition()), OffsetSpec.latest()));
                var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                        .all()
                        .get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                Map<TopicPartition, OffsetAndMetadata> offsets = committed;
                long now = System.currentTimeMillis();
                ends.forEach((tp, end) -> {
                    Answer a = answers.computeIfAbsent(tp.partition(), p -> new Answer());
                    if (now - a.answeredAt > STALE_MILLIS) {
                        a.reachableSince = now; // back after a gap: the quiet starts again
                    }
                    if (end.offset() != a.stableEnd) {
                        a.stableEnd = end.offset();
                        a.stableEndSince = now;
                    }
                    OffsetAndMetadata c = offsets.get(tp);
                    a.committed = c == null ? -1 : c.offset();
                    a.answeredAt = now;
                });
                allKnown = answers.size() >= partitions.size();
                if (!answering) {
                    answering = true;
                    LOG.info(
                            "The input brokers answer again for {}: quiet partitions may let event time follow"
                                    + " the wall clock once they have answered for a whole --idle-flush",
                            input.topic);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                if (answering) {
                    answering = false;
                    LOG.warn(
                            "The input brokers do not answer for {} ({}): event time holds while partitions are"
                                    + " quiet, an outage is not a quiet night",
                            input.topic,
                            e.toString());
                }
            }
        }
    }
}
