package io.payrecon.job.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flink's Kafka sink, with its commits watched. When Kafka refuses to commit a checkpoint's
 * transaction (it expired while the job recovered for longer than {@code --transaction-timeout}, or
 * another producer with the same transactional id fenced it), everything that transaction held is
 * gone from the topic, and the connector logs one line and runs on. Here that is loud: the counter
 * {@value #LOST_TRANSACTIONS} (beside Flink's own {@code failedCommittables}), the
 * gauge {@value #LAST_LOST_CHECKPOINT}, and one ERROR line naming the topic, the checkpoint and
 * where to find the input that output came from (the input ledger of {@code SplitMalformed}).
 *
 * <p>Everything else is the connector's, unchanged: writer, writer state, committables and the
 * post-commit topology, so savepoints taken with or without the watch are the same.
 */
public final class WatchedKafkaSink<T>
        implements TwoPhaseCommittingStatefulSink<T, KafkaWriterState, KafkaCommittable>,
                SupportsPostCommitTopology<KafkaCommittable> {
    private static final long serialVersionUID = 1L;

    /** Counter of the sink's committer: transactions Kafka refused to commit, their output lost. */
    public static final String LOST_TRANSACTIONS = "lost_transactions";
    /** Gauge of the sink's committer: the checkpoint whose output was last lost (0: none). */
    public static final String LAST_LOST_CHECKPOINT = "last_lost_checkpoint";
    /** The start of the ERROR line, which the runbook and the alert name. */
    public static final String LOST_LINE = "LOST OUTPUT";

    private final KafkaSink<T> kafka;
    private final String topic;
    private final String holdFile;

    /**
     * @param topic what the sink writes, for the log line
     * @param holdFile tests only: while this file exists, commits wait (null: never)
     */
    public WatchedKafkaSink(KafkaSink<T> kafka, String topic, String holdFile) {
        this.kafka = kafka;
        this.topic = topic;
        this.holdFile = holdFile;
    }

    @Override
    public PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> createWriter(
            WriterInitContext context) throws IOException {
        return kafka.createWriter(context);
    }

    @Override
    public PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> restoreWriter(
            WriterInitContext context, Collection<KafkaWriterState> recovered) throws IOException {
        return kafka.restoreWriter(context, recovered);
    }

    @Override
    public SimpleVersionedSerializer<KafkaWriterState> getWriterStateSerializer() {
        return kafka.getWriterStateSerializer();
    }

    @Override
    public Committer<KafkaCommittable> createCommitter(CommitterInitContext context) throws IOException {
        return new Watch(kafka.createCommitter(context), context.metricGroup(), topic, holdFile);
    }

    @Override
    public SimpleVersionedSerializer<KafkaCommittable> getCommittableSerializer() {
        return kafka.getCommittableSerializer();
    }

    @Override
    public void addPostCommitTopology(DataStream<CommittableMessage<KafkaCommittable>> committables) {
        kafka.addPostCommitTopology(committables); // keeps the committer beside its writer
    }

    /**
     * The checkpoint a transactional id names: the connector's ids end in {@code -<checkpoint>};
     * -1 when this one does not.
     */
    static long checkpointOf(String transactionalId) {
        int dash = transactionalId == null ? -1 : transactionalId.lastIndexOf('-');
        try {
            return dash < 0 ? -1 : Long.parseLong(transactionalId.substring(dash + 1));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static final class Watch implements Committer<KafkaCommittable> {
        private static final Logger LOG = LoggerFactory.getLogger(WatchedKafkaSink.class);
        private static final long HOLD_CHECK_MILLIS = 100;

        private final Committer<KafkaCommittable> kafka;
        private final String topic;
        private final Path holdFile;
        private final Counter lost;
        private volatile long lastLostCheckpoint;

        Watch(Committer<KafkaCommittable> kafka, MetricGroup metrics, String topic, String holdFile) {
            this.kafka = kafka;
            this.topic = topic;
            this.holdFile = holdFile == null ? null : Path.of(holdFile);
            this.lost = metrics.counter(LOST_TRANSACTIONS);
            metrics.gauge(LAST_LOST_CHECKPOINT, () -> lastLostCheckpoint);
        }

        @Override
        public void commit(Collection<CommitRequest<KafkaCommittable>> requests)
                throws IOException, InterruptedException {
            holdWhileAsked();
            List<Watched> watched = new ArrayList<>(requests.size());
            for (CommitRequest<KafkaCommittable> request : requests) {
                watched.add(new Watched(request));
            }
            kafka.commit(new ArrayList<>(watched));
            for (Watched request : watched) {
                if (request.failure != null) {
                    report(request.getCommittable(), request.failure);
                }
            }
        }

        private void report(KafkaCommittable committable, Throwable failure) {
            long checkpoint = checkpointOf(committable.getTransactionalId());
            lost.inc();
            if (checkpoint > 0) {
                lastLostCheckpoint = checkpoint;
            }
            LOG.error(
                    "{}: topic {} lost the records of checkpoint {} (transaction {}): Kafka refused the commit"
                            + " ({}). They were made from the input read between checkpoint {} and {}: the"
                            + " source subtasks' lines 'Input read at checkpoint' give the offsets. The job runs"
                            + " on; see the runbook, LostOutput.",
                    LOST_LINE,
                    topic,
                    checkpoint,
                    committable.getTransactionalId(),
                    failure.getClass().getSimpleName() + ": " + failure.getMessage(),
                    checkpoint - 1,
                    checkpoint);
        }

        /** Tests only: the window between a completed checkpoint and its commit, held open. */
        private void holdWhileAsked() throws InterruptedException {
            if (holdFile == null || !Files.exists(holdFile)) {
                return;
            }
            LOG.warn("Commits held while {} exists (test switch)", holdFile);
            while (Files.exists(holdFile)) {
                Thread.sleep(Duration.ofMillis(HOLD_CHECK_MILLIS).toMillis());
            }
        }

        @Override
        public void close() throws Exception {
            kafka.close();
        }
    }

    /** A commit request that remembers whether the connector gave up on it. */
    private static final class Watched implements Committer.CommitRequest<KafkaCommittable> {
        private final Committer.CommitRequest<KafkaCommittable> request;
        private Throwable failure;

        Watched(Committer.CommitRequest<KafkaCommittable> request) {
            this.request = request;
        }

        @Override
        public KafkaCommittable getCommittable() {
            return request.getCommittable();
        }

        @Override
        public int getNumberOfRetries() {
            return request.getNumberOfRetries();
        }

        @Override
        public void signalFailedWithKnownReason(Throwable t) {
            failure = t;
            request.signalFailedWithKnownReason(t);
        }

        @Override
        public void signalFailedWithUnknownReason(Throwable t) {
            failure = t;
            request.signalFailedWithUnknownReason(t);
        }

        @Override
        public void retryLater() {
            request.retryLater();
        }

        @Override
        public void updateAndRetryLater(KafkaCommittable committable) {
            request.updateAndRetryLater(committable);
        }

        @Override
        public void signalAlreadyCommitted() {
            request.signalAlreadyCommitted();
        }
    }
}
