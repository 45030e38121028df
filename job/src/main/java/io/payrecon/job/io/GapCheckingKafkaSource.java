package io.payrecon.job.io;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceEvent;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.KafkaSourceEnumState;
import org.apache.flink.connector.kafka.source.split.KafkaPartitionSplit;
import org.apache.flink.core.io.InputStatus;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.lineage.LineageVertex;
import org.apache.flink.streaming.api.lineage.LineageVertexProvider;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job's {@link KafkaSource}, unchanged (same splits, serializers, enumerator and state), whose
 * readers first compare the offsets they are given, restored or assigned, with the partitions' log
 * start and end offsets: a partition that is to be read from an offset that no longer exists is an
 * {@link OffsetGap}, counted in the metrics {@value #GAPS_METRIC} and {@value #LOST_METRIC} (records
 * lost) of the source operator and logged with its partition and offsets, on a thread of its own
 * (the reader does not wait for it). The consumer resets such an offset as before (to the earliest
 * offset); without this it did so without a word. Offsets reset while
 * the job runs (records deleted ahead of a running consumer) are not seen here.
 */
public final class GapCheckingKafkaSource<T>
        implements Source<T, KafkaPartitionSplit, KafkaSourceEnumState>, LineageVertexProvider {
    private static final long serialVersionUID = 1L;

    public static final String GAPS_METRIC = "input_offset_gaps";
    public static final String LOST_METRIC = "input_offsets_lost";
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(GapCheckingKafkaSource.class);

    private final KafkaSource<T> kafka;
    private final HashMap<String, String> adminProperties;

    /**
     * @param adminProperties Kafka client settings (bootstrap servers, security) for the admin client
     *     that reads the log offsets
     */
    public GapCheckingKafkaSource(KafkaSource<T> kafka, Map<String, String> adminProperties) {
        this.kafka = kafka;
        this.adminProperties = new HashMap<>(adminProperties);
    }

    @Override
    public Boundedness getBoundedness() {
        return kafka.getBoundedness();
    }

    @Override
    public SourceReader<T, KafkaPartitionSplit> createReader(SourceReaderContext context) throws Exception {
        Counter gaps = context.metricGroup().counter(GAPS_METRIC);
        Counter lost = context.metricGroup().counter(LOST_METRIC);
        return new Reader<>(kafka.createReader(context), this::logOffsets, gaps, lost);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> createEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context) {
        return kafka.createEnumerator(context);
    }

    @Override
    public SplitEnumerator<KafkaPartitionSplit, KafkaSourceEnumState> restoreEnumerator(
            SplitEnumeratorContext<KafkaPartitionSplit> context, KafkaSourceEnumState state) throws Exception {
        return kafka.restoreEnumerator(context, state);
    }

    @Override
    public SimpleVersionedSerializer<KafkaPartitionSplit> getSplitSerializer() {
        return kafka.getSplitSerializer();
    }

    @Override
    public SimpleVersionedSerializer<KafkaSourceEnumState> getEnumeratorCheckpointSerializer() {
        return kafka.getEnumeratorCheckpointSerializer();
    }

    @Override
    public LineageVertex getLineageVertex() {
        return kafka.getLineageVertex();
    }

    /** The log start and end offsets of {@code partitions}, as [starts, ends]. */
    private List<Map<TopicPartition, Long>> logOffsets(Collection<TopicPartition> partitions) throws Exception {
        Properties props = new Properties();
        props.putAll(adminProperties);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(TIMEOUT.toMillis()));
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (TopicPartition tp : partitions) {
                earliest.put(tp, OffsetSpec.earliest());
                latest.put(tp, OffsetSpec.latest());
            }
            // Both at once: a broker that does not answer costs one timeout, not two.
            ListOffsetsResult starts = admin.listOffsets(earliest);
            ListOffsetsResult ends = admin.listOffsets(latest);
            long deadline = System.nanoTime() + TIMEOUT.toNanos() + 2_000_000_000L;
            return List.of(offsets(starts, deadline), offsets(ends, deadline));
        }
    }

    private static Map<TopicPartition, Long> offsets(ListOffsetsResult result, long deadline) throws Exception {
        Map<TopicPartition, Long> offsets = new HashMap<>();
        result.all()
                .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                .forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** Reads the log offsets of some partitions (an admin client call). */
    @FunctionalInterface
    interface LogOffsets {
        List<Map<TopicPartition, Long>> of(Collection<TopicPartition> partitions) throws Exception;
    }

    /** The Kafka source's reader, checking the splits it is given before handing them on. */
    static final class Reader<T> implements SourceReader<T, KafkaPartitionSplit> {
        private final SourceReader<T, KafkaPartitionSplit> kafka;
        private final LogOffsets logOffsets;
        private final Counter gaps;
        private final Counter lost;
        /** Started with the first splits to check. */
        private ExecutorService checker;

        Reader(SourceReader<T, KafkaPartitionSplit> kafka, LogOffsets logOffsets, Counter gaps, Counter lost) {
            this.kafka = kafka;
            this.logOffsets = logOffsets;
            this.gaps = gaps;
            this.lost = lost;
        }

        @Override
        public void addSplits(List<KafkaPartitionSplit> splits) {
            Map<TopicPartition, Long> starts = new HashMap<>();
            for (KafkaPartitionSplit split : splits) {
                if (split.getStartingOffset() >= 0) {
                    starts.put(split.getTopicPartition(), split.getStartingOffset());
                }
            }
            if (!starts.isEmpty()) {
                // Off the task thread: a restore (after a broker outage, say) does not wait for the
                // admin client. The offsets to judge are taken now, before the consumer moves on.
                checker().execute(() -> check(starts));
            }
            kafka.addSplits(splits);
        }

        private ExecutorService checker() {
            if (checker == null) {
                checker = Executors.newSingleThreadExecutor(r -> {
                    Thread t = new Thread(r, "offset-gap-check");
                    t.setDaemon(true);
                    return t;
                });
            }
            return checker;
        }

        /** Runs on the checker's one thread: the counters have this one writer. */
        private void check(Map<TopicPartition, Long> starts) {
            List<Map<TopicPartition, Long>> log;
            try {
                log = logOffsets.of(new ArrayList<>(starts.keySet()));
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                // A check must not stop the job: it reads on as it would have without it.
                LOG.warn(
                        "Could not read the log offsets of {} to check for offset gaps: {}",
                        starts.keySet(),
                        e.toString());
                return;
            }
            for (OffsetGap gap : OffsetGap.find(starts, log.get(0), log.get(1))) {
                gaps.inc();
                lost.inc(gap.lost());
                LOG.error(gap.describe());
            }
        }

        @Override
        public void start() {
            kafka.start();
        }

        @Override
        public InputStatus pollNext(ReaderOutput<T> output) throws Exception {
            return kafka.pollNext(output);
        }

        @Override
        public List<KafkaPartitionSplit> snapshotState(long checkpointId) {
            return kafka.snapshotState(checkpointId);
        }

        @Override
        public CompletableFuture<Void> isAvailable() {
            return kafka.isAvailable();
        }

        @Override
        public void notifyNoMoreSplits() {
            kafka.notifyNoMoreSplits();
        }

        @Override
        public void handleSourceEvents(SourceEvent event) {
            kafka.handleSourceEvents(event);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) throws Exception {
            kafka.notifyCheckpointComplete(checkpointId); // commits the offsets to the group
        }

        @Override
        public void notifyCheckpointAborted(long checkpointId) throws Exception {
            kafka.notifyCheckpointAborted(checkpointId);
        }

        @Override
        public void pauseOrResumeSplits(Collection<String> toPause, Collection<String> toResume) {
            kafka.pauseOrResumeSplits(toPause, toResume);
        }

        @Override
        public void close() throws Exception {
            if (checker != null) {
                checker.shutdownNow();
            }
            kafka.close();
        }
    }
}
