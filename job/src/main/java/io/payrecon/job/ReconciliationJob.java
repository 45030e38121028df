package io.payrecon.job;

import io.payrecon.codec.JsonLinesFormat;
import io.payrecon.codec.KafkaInboundDeserializer;
import io.payrecon.codec.OutputJson;
import io.payrecon.codec.OutputKafkaSerializer;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.InboundRecord;
import io.payrecon.model.ReconciledRecord;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.time.Duration;

/**
 * The reconciliation job: Kafka (or files, for a replay) in, {@code reconciled} and {@code
 * exceptions} out. {@code main} only parses flags and wires; the topology is {@link
 * ReconciliationPipeline}.
 */
public final class ReconciliationJob {
    public static final String JOB_NAME = "payment-reconciliation";
    public static final String KAFKA_SOURCE_UID = "kafka-source";
    public static final String FILE_SOURCE_UID = "file-source";

    private final JobConfig config;

    public ReconciliationJob(JobConfig config) {
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        JobConfig config = parseOrExit(args, "flink run payment-reconciliation.jar");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        new ReconciliationJob(config).build(env);
        env.execute(JOB_NAME);
    }

    /**
     * Parses flags and checks Kafka before anything is submitted; prints help (exit 0) or one line
     * naming the bad flag (exit 2), never a stack trace.
     */
    public static JobConfig parseOrExit(String[] args, String command) {
        try {
            JobConfig config = JobConfig.parse(args);
            if (config.help) {
                System.out.print(JobConfig.helpText(command));
                System.exit(0);
            }
            if (!config.isFileReplay() && !config.skipPreflight) {
                KafkaPreflight.check(config);
            }
            return config;
        } catch (ConfigException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(ConfigException.EXIT_CODE);
            throw e; // not reached
        }
    }

    /** The settings the job owns, whatever the cluster's defaults are. */
    public Configuration flinkConfiguration() {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // Chained operators hand records on without a serializer copy. Safe here: no function keeps
        // or changes a record after passing it on, and events are deserialized into new objects
        // (PaymentEventSerializer ignores the instance offered for reuse), so state on the heap
        // never shares an object with the next record.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(PipelineOptions.MAX_PARALLELISM, JobConfig.MAX_PARALLELISM);
        conf.set(StateBackendOptions.STATE_BACKEND, config.stateBackend.name().toLowerCase());
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, config.stateBackend == JobConfig.StateBackend.ROCKSDB);
        if (config.stateBackend == JobConfig.StateBackend.ROCKSDB) {
            // The first event of every order looks up state that does not exist yet; without bloom
            // filters each such miss reads an index and a data block of every level's file.
            conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        }
        if (config.isFileReplay()) {
            // BATCH: the replay ends, files are finished, and timers fire per key at the end.
            conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        } else {
            conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
            conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, config.checkpointInterval);
            // Output waits for the watermark: Flink's defaults (200 ms watermarks, 100 ms network
            // buffers) would add up to 0.3 s to every match (see BENCHMARKS.md, latency).
            conf.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, config.watermarkInterval);
            conf.set(ExecutionOptions.BUFFER_TIMEOUT, config.bufferTimeout);
        }
        return conf;
    }

    /** Configures {@code env} and adds the whole job to it. */
    public void build(StreamExecutionEnvironment env) {
        env.configure(flinkConfiguration());
        if (config.parallelism != null) {
            env.setParallelism(config.parallelism);
        }
        DataStream<InboundRecord> inbound = config.isFileReplay() ? fileInput(env) : kafkaInput(env);
        FailureSwitch failureSwitch = config.failureTriggerFile == null ? null : new FailureSwitch(config.failureTriggerFile);
        ReconciliationPipeline.define(inbound, config.matchingRules(), failureSwitch, reconciledSink(), exceptionsSink());
    }

    private DataStream<InboundRecord> kafkaInput(StreamExecutionEnvironment env) {
        KafkaSourceBuilder<InboundRecord> source = KafkaSource.<InboundRecord>builder()
                .setBootstrapServers(config.bootstrapServers)
                .setTopics(config.inputTopic)
                .setGroupId(config.groupId)
                .setStartingOffsets(startingOffsets())
                .setDeserializer(new KafkaInboundDeserializer(config.malformedRaw));
        config.kafkaProperties.forEach(source::setProperty);
        // Producers may write transactionally: never read what they abort.
        source.setProperty("isolation.level", "read_committed");
        if (config.bounded) {
            source.setBounded(OffsetsInitializer.latest());
        }
        // A bounded replay has no quiet nights: rule 9 is off for it.
        Duration idleFlush = config.bounded ? Duration.ZERO : config.idleFlush;
        return env.fromSource(source.build(),
                        new EventTimeWatermarks(config.outOfOrderness, config.idleness, idleFlush, config.maxTimeAhead),
                        "Kafka: " + config.inputTopic)
                .uid(KAFKA_SOURCE_UID);
    }

    private OffsetsInitializer startingOffsets() {
        switch (config.startingOffsets) {
            case EARLIEST:
                return OffsetsInitializer.earliest();
            case LATEST:
                return OffsetsInitializer.latest();
            default:
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        }
    }

    private DataStream<InboundRecord> fileInput(StreamExecutionEnvironment env) {
        FileSource<InboundRecord> source =
                FileSource.forBulkFileFormat(new JsonLinesFormat(config.malformedRaw), new Path(config.inputFile)).build();
        // BATCH mode ignores watermarks; lateness cannot happen in a replay.
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "Files: " + config.inputFile)
                .uid(FILE_SOURCE_UID);
    }

    private Sink<ReconciledRecord> reconciledSink() {
        if (config.isFileReplay()) {
            return fileSink("reconciled", OutputJson::reconciled);
        }
        return kafkaSink(OutputKafkaSerializer.reconciled(config.reconciledTopic), "reconciled");
    }

    private Sink<ExceptionRecord> exceptionsSink() {
        if (config.isFileReplay()) {
            return fileSink("exceptions", OutputJson::exception);
        }
        return kafkaSink(OutputKafkaSerializer.exceptions(config.exceptionsTopic), "exceptions");
    }

    private <T> KafkaSink<T> kafkaSink(OutputKafkaSerializer<T> serializer, String name) {
        boolean exactlyOnce = config.delivery == JobConfig.Delivery.EXACTLY_ONCE;
        java.util.Properties producer = new java.util.Properties();
        producer.putAll(config.kafkaProperties);
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers)
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                // One prefix per sink: two sinks sharing transactional ids would fence each other.
                .setTransactionalIdPrefix(config.transactionalIdPrefix + "-" + name)
                // The connector's default (1h) is above a broker's default maximum (15 min).
                .setProperty("transaction.timeout.ms", Long.toString(config.transactionTimeout.toMillis()))
                .build();
    }

    private <T> FileSink<T> fileSink(String folder, SerializableFunction<T, byte[]> toJson) {
        Encoder<T> jsonLine = (element, stream) -> {
            stream.write(toJson.apply(element));
            stream.write('\n');
        };
        return FileSink.forRowFormat(new Path(config.outputDir, folder), jsonLine)
                .withOutputFileConfig(OutputFileConfig.builder().withPartPrefix("part").withPartSuffix(".jsonl").build())
                .build();
    }
}
