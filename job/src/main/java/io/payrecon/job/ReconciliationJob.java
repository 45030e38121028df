package io.payrecon.job;

import io.payrecon.cli.Cli;
import io.payrecon.cli.UsageException;
import io.payrecon.codec.OutputJson;
import io.payrecon.codec.StatementJson;
import io.payrecon.job.config.JobConfig;
import io.payrecon.job.config.JobOptions;
import io.payrecon.job.io.EventTimeWatermarks;
import io.payrecon.job.io.FilePreflight;
import io.payrecon.job.io.GapCheckingKafkaSource;
import io.payrecon.job.io.JsonLinesFormat;
import io.payrecon.job.io.KafkaInboundDeserializer;
import io.payrecon.job.io.KafkaIo;
import io.payrecon.job.io.KafkaPreflight;
import io.payrecon.job.io.OutputKafkaSerializer;
import io.payrecon.job.io.WatchedKafkaSink;
import io.payrecon.job.state.FlinkTypes;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.InboundRecord;
import io.payrecon.model.ReconciledRecord;
import io.payrecon.statements.Statement;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.Encoder;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.core.fs.Path;
import org.apache.flink.state.rocksdb.RocksDBConfigurableOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.BasePathBucketAssigner;
import org.apache.flink.util.function.SerializableFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconciliation job: Kafka (or files, for a replay) in, {@code reconciled}, {@code exceptions}
 * and {@code statements} out. {@code main} only parses flags and wires; the topology is {@link
 * ReconciliationPipeline}.
 */
public final class ReconciliationJob {
    public static final String JOB_NAME = "payment-reconciliation";
    public static final String KAFKA_SOURCE_UID = "kafka-source";
    public static final String FILE_SOURCE_UID = "file-source";
    /** {@code execution.target} when Flink runs {@code main} inside the JobManager (its EmbeddedExecutor). */
    static final String EMBEDDED_TARGET = "embedded";

    private static final Logger LOG = LoggerFactory.getLogger(ReconciliationJob.class);

    private final JobConfig config;

    public ReconciliationJob(JobConfig config) {
        this.config = config;
    }

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        JobConfig config = parseOrExit(args, JobOptions.COMMAND, env.getConfiguration());
        new ReconciliationJob(config).build(env);
        env.execute(JOB_NAME);
    }

    /** {@link #parseOrExit(String[], String, ReadableConfig)} for a process of its own (LocalRun). */
    public static JobConfig parseOrExit(String[] args, String command) {
        return parseOrExit(args, command, new Configuration());
    }

    /**
     * Parses flags and checks Kafka before anything is submitted. On a command line ({@code flink
     * run}, plain {@code java}): prints help (exit 0) or one line naming the bad flag (exit 2), never
     * a stack trace. Inside a JobManager (application mode, {@link #runsInsideJobManager}) exiting
     * would take the JobManager down and the Kubernetes operator would restart it in a loop: there
     * the line goes to the log and the {@link UsageException} fails the deployment instead.
     *
     * @param flinkConfig the configuration {@code main} was started with (the environment's)
     */
    public static JobConfig parseOrExit(String[] args, String command, ReadableConfig flinkConfig) {
        try {
            JobConfig config = parse(args, command, System.out, KafkaPreflight.Start.of(flinkConfig));
            if (config == null) {
                if (runsInsideJobManager(flinkConfig)) {
                    throw new UsageException("--help: the help is printed; the job is not started");
                }
                System.exit(0);
            }
            return config;
        } catch (UsageException e) {
            System.exit(usageError(e, flinkConfig, System.err));
            throw e; // not reached
        }
    }

    /**
     * Parses flags and checks Kafka (unless a file replay or {@code --skip-preflight}).
     *
     * @return the configuration, or null when help was asked for (and printed to {@code out})
     * @throws UsageException one line naming the flag
     */
    static JobConfig parse(String[] args, String command, PrintStream out) {
        return parse(args, command, out, KafkaPreflight.Start.FRESH);
    }

    /**
     * {@link #parse(String[], String, PrintStream)} for a start as {@code start} says: a fresh start
     * from a client is also checked against live transactions of the prefix and the group's
     * committed offsets ({@link KafkaPreflight}); a restore or a JobManager's run of {@code main} is not.
     */
    static JobConfig parse(String[] args, String command, PrintStream out, KafkaPreflight.Start start) {
        if (Cli.helpRequested(args)) {
            out.print(JobConfig.helpText(command));
            return null;
        }
        JobConfig config = JobConfig.parse(args);
        if (config.isFileReplay()) {
            FilePreflight.check(config);
        } else if (!config.skipPreflight) {
            KafkaPreflight.check(config, start);
        }
        return config;
    }

    /**
     * What a bad command line does where {@code main} runs: on a command line, one line on {@code
     * err} and the exit status (2) to exit with; inside a JobManager, one line in its log and the
     * exception thrown, so that the deployment fails with it and the JobManager stays up.
     */
    static int usageError(UsageException e, ReadableConfig flinkConfig, PrintStream err) {
        if (runsInsideJobManager(flinkConfig)) {
            LOG.error("Bad command line, the job is not started: {}", e.getMessage());
            throw e;
        }
        return Cli.usageError(e, err);
    }

    /**
     * True when {@code main} runs inside a JobManager: in application mode (the Kubernetes
     * operator's, {@code flink run-application}) and for jars run through the web UI or REST API, Flink
     * runs {@code main} with its embedded executor ({@code execution.target: embedded}); {@code flink
     * run} has {@code remote} (or the session's target) and plain {@code java} none.
     */
    static boolean runsInsideJobManager(ReadableConfig flinkConfig) {
        return EMBEDDED_TARGET.equals(flinkConfig.get(DeploymentOptions.TARGET));
    }

    /**
     * The settings the job owns (uids, no Kryo, max parallelism, the runtime mode), and the settings
     * that belong to Flink itself (checkpoint interval, watermark interval, buffer timeout, state
     * backend): for these the job's flag when given, else the cluster's or {@code flink run -D}
     * value ({@code cluster}), else the job's default. Parallelism follows the same rule in {@link
     * #build}.
     */
    public Configuration flinkConfiguration(ReadableConfig cluster) {
        Configuration conf = new Configuration();
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // Chained operators hand records on without a serializer copy. Safe here: no function keeps
        // or changes a record after passing it on, and events are deserialized into new objects
        // (PaymentEventSerializer ignores the instance offered for reuse), so state on the heap
        // never shares an object with the next record.
        conf.set(PipelineOptions.OBJECT_REUSE, true);
        conf.set(PipelineOptions.MAX_PARALLELISM, JobConfig.MAX_PARALLELISM);
        String backend = flinkSetting(
                cluster,
                conf,
                JobOptions.STATE_BACKEND,
                StateBackendOptions.STATE_BACKEND,
                config.stateBackend.name().toLowerCase(Locale.ROOT));
        boolean rocksdb = backend.equalsIgnoreCase("rocksdb");
        if (config.isGiven(JobOptions.STATE_BACKEND)
                || cluster.getOptional(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)
                        .isEmpty()) {
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, rocksdb);
        }
        if (rocksdb) {
            // The first event of every order looks up state that does not exist yet; without bloom
            // filters each such miss reads an index and a data block of every level's file.
            conf.set(RocksDBConfigurableOptions.USE_BLOOM_FILTER, true);
        }
        if (config.isFileReplay()) {
            // BATCH: the replay ends, files are finished, and timers fire per key at the end.
            conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        } else {
            conf.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
            flinkSetting(
                    cluster,
                    conf,
                    JobOptions.CHECKPOINT_INTERVAL,
                    CheckpointingOptions.CHECKPOINTING_INTERVAL,
                    config.checkpointInterval);
            // Output waits for the watermark: Flink's defaults (200 ms watermarks, 100 ms network
            // buffers) would add up to 0.3 s to every match (see BENCHMARKS.md, latency).
            flinkSetting(
                    cluster,
                    conf,
                    JobOptions.WATERMARK_INTERVAL,
                    PipelineOptions.AUTO_WATERMARK_INTERVAL,
                    config.watermarkInterval);
            flinkSetting(
                    cluster, conf, JobOptions.BUFFER_TIMEOUT, ExecutionOptions.BUFFER_TIMEOUT, config.bufferTimeout);
        }
        return conf;
    }

    /**
     * Sets {@code option} in {@code conf} to the job's value unless the flag was not given and the
     * cluster (or {@code -D}) sets it; returns the value that applies.
     */
    private <T> T flinkSetting(
            ReadableConfig cluster, Configuration conf, String flag, ConfigOption<T> option, T jobValue) {
        if (!config.isGiven(flag)) {
            Optional<T> fromCluster = cluster.getOptional(option);
            if (fromCluster.isPresent()) {
                return fromCluster.get();
            }
        }
        conf.set(option, jobValue);
        return jobValue;
    }

    /** Applies {@link #flinkConfiguration} and the parallelism to {@code env}, against its own configuration. */
    public void configure(StreamExecutionEnvironment env) {
        env.configure(flinkConfiguration(env.getConfiguration()));
        if (config.parallelism != null) {
            env.setParallelism(config.parallelism);
        }
    }

    /** Configures {@code env} and adds the whole job to it. */
    public void build(StreamExecutionEnvironment env) {
        configure(env);
        DataStream<InboundRecord> inbound = config.isFileReplay() ? fileInput(env) : kafkaInput(env);
        FailureSwitch failureSwitch =
                config.failureTriggerFile == null ? null : new FailureSwitch(config.failureTriggerFile);
        ReconciliationPipeline.define(
                inbound,
                config.matchingRules(),
                config.statementPeriod,
                config.maxBufferedEvents,
                config.orderTable,
                !config.isFileReplay() && !config.bounded,
                failureSwitch,
                reconciledSink(),
                exceptionsSink(),
                statementsSink());
    }

    private DataStream<InboundRecord> kafkaInput(StreamExecutionEnvironment env) {
        // The source reports the records it can no longer read (a restored offset below the log start).
        GapCheckingKafkaSource<InboundRecord> source = KafkaIo.gapChecked(
                config,
                KafkaIo.source(config, new KafkaInboundDeserializer(config.malformedRaw))
                        .build());
        // A bounded replay has no quiet nights: rule 9 is off for it.
        Duration idleFlush = config.bounded ? Duration.ZERO : config.idleFlush;
        return env.fromSource(
                        source,
                        new EventTimeWatermarks(
                                config.outOfOrderness,
                                config.idleness,
                                idleFlush,
                                config.maxTimeAhead,
                                EventTimeWatermarks.kafkaReadiness(
                                        config.inputBootstrapServers,
                                        config.inputTopic,
                                        config.groupId,
                                        config.kafkaProperties)),
                        "Kafka: " + config.inputTopic,
                        FlinkTypes.of(InboundRecord.class))
                .uid(KAFKA_SOURCE_UID);
    }

    private DataStream<InboundRecord> fileInput(StreamExecutionEnvironment env) {
        FileSource<InboundRecord> source = FileSource.forBulkFileFormat(
                        new JsonLinesFormat(config.malformedRaw), new Path(config.inputFile))
                .build();
        // BATCH mode ignores watermarks; lateness cannot happen in a replay.
        return env.fromSource(
                        source,
                        WatermarkStrategy.noWatermarks(),
                        "Files: " + config.inputFile,
                        FlinkTypes.of(InboundRecord.class))
                .uid(FILE_SOURCE_UID);
    }

    private Sink<ReconciledRecord> reconciledSink() {
        if (config.isFileReplay()) {
            return fileSink("reconciled", OutputJson::reconciled);
        }
        return new WatchedKafkaSink<>(
                KafkaIo.sink(config, OutputKafkaSerializer.reconciled(config.reconciledTopic), "reconciled"),
                config.reconciledTopic,
                config.commitHoldFile);
    }

    private Sink<ExceptionRecord> exceptionsSink() {
        if (config.isFileReplay()) {
            return fileSink("exceptions", OutputJson::exception);
        }
        return new WatchedKafkaSink<>(
                KafkaIo.sink(config, OutputKafkaSerializer.exceptions(config.exceptionsTopic), "exceptions"),
                config.exceptionsTopic,
                config.commitHoldFile);
    }

    private Sink<Statement> statementsSink() {
        if (config.isFileReplay()) {
            return fileSink("statements", StatementJson::encode);
        }
        return new WatchedKafkaSink<>(
                KafkaIo.sink(config, OutputKafkaSerializer.statements(config.statementsTopic), "statements"),
                config.statementsTopic,
                config.commitHoldFile);
    }

    private <T> FileSink<T> fileSink(String folder, SerializableFunction<T, byte[]> toJson) {
        Encoder<T> jsonLine = (element, stream) -> {
            stream.write(toJson.apply(element));
            stream.write('\n');
        };
        // Finished files directly under DIR/<folder>/, as the README says: the default assigner would
        // put them in a folder per hour of the wall clock (DIR/reconciled/2026-12-06--21/).
        return FileSink.forRowFormat(new Path(config.outputDir, folder), jsonLine)
                .withBucketAssigner(new BasePathBucketAssigner<>())
                .withOutputFileConfig(OutputFileConfig.builder()
                        .withPartPrefix("part")
                        .withPartSuffix(".jsonl")
                        .build())
                .build();
    }
}
