package io.payrecon.job.config;

import io.payrecon.cli.DurationCodec;
import io.payrecon.cli.KafkaClientOptions;
import io.payrecon.codec.RawPolicy;
import io.payrecon.job.config.JobConfig.Delivery;
import io.payrecon.job.config.JobConfig.StartingOffsets;
import io.payrecon.job.config.JobConfig.StateBackend;
import java.math.BigDecimal;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The job's flags as picocli options: the one table behind the parser, {@code --help} and (through
 * {@code ReadmeFlagTableTest}) README.md's flag table. A command of its own for the job and LocalRun,
 * and a {@code @Mixin} of the embedded demo, which takes every job flag. {@link JobConfig} is built
 * from it and checks what one flag alone cannot.
 *
 * <p>The settings that belong to Flink (checkpoint and watermark intervals, buffer timeout, state
 * backend, parallelism) keep their default here, but the job applies it only when neither the flag
 * nor the cluster sets one; picocli's parse result tells which flags were given.
 */
@Command(
        sortOptions = false,
        abbreviateSynopsis = true,
        synopsisHeading = "Usage: ",
        optionListHeading = "%n",
        footerHeading = "%n",
        footer = "Durations take a number and a unit: " + DurationCodec.EXAMPLES + ".")
public final class JobOptions {
    /** How the job is started, for its usage line. */
    public static final String COMMAND = "flink run payment-reconciliation.jar";

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOST:PORT",
            defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    public String bootstrapServers;

    @Option(
            names = "--input-topic",
            paramLabel = "TOPIC",
            defaultValue = "reconciliation",
            description = "topic of payment and order events (default: ${DEFAULT-VALUE})")
    public String inputTopic;

    @Option(
            names = "--reconciled-topic",
            paramLabel = "TOPIC",
            defaultValue = "reconciled",
            description = "topic for matched debit/credit pairs (default: ${DEFAULT-VALUE})")
    public String reconciledTopic;

    @Option(
            names = "--exceptions-topic",
            paramLabel = "TOPIC",
            defaultValue = "exceptions",
            description = "topic for unmatched, mismatched, duplicated, invalid and malformed input"
                    + " (default: ${DEFAULT-VALUE})")
    public String exceptionsTopic;

    @Option(
            names = "--statements-topic",
            paramLabel = "TOPIC",
            defaultValue = "statements",
            description = "topic for per-period control totals (default: ${DEFAULT-VALUE})")
    public String statementsTopic;

    @Option(
            names = "--statement-period",
            paramLabel = "DURATION",
            defaultValue = "1h",
            description = "the period of a statement, aligned to UTC; at least 1m and dividing a day"
                    + " (default: ${DEFAULT-VALUE})")
    public Duration statementPeriod;

    @Option(
            names = "--group-id",
            paramLabel = "ID",
            defaultValue = "payment-reconciliation",
            description = "Kafka consumer group (offsets are committed on checkpoints) (default: ${DEFAULT-VALUE})")
    public String groupId;

    @Option(
            names = "--starting-offsets",
            paramLabel = "FROM",
            defaultValue = "committed",
            description = "committed (earliest when none), earliest or latest (default: ${DEFAULT-VALUE})")
    public StartingOffsets startingOffsets;

    @Option(
            names = "--bounded",
            description = "read to the offsets that are latest at start, then finish (backfills, benchmarks)")
    public boolean bounded;

    @Option(
            names = "--match-window",
            paramLabel = "DURATION",
            defaultValue = "10m",
            description = "time a side waits for its counterpart before UNMATCHED_* (default: ${DEFAULT-VALUE})")
    public Duration matchWindow;

    @Option(
            names = "--out-of-orderness",
            paramLabel = "DURATION",
            defaultValue = "5s",
            description = "how far behind the newest event of a partition an event may arrive"
                    + " (default: ${DEFAULT-VALUE})")
    public Duration outOfOrderness;

    @Option(
            names = "--idleness",
            paramLabel = "DURATION",
            defaultValue = "30s",
            description = "a partition with no events for this long stops holding event time back (0 = never)"
                    + " (default: ${DEFAULT-VALUE})")
    public Duration idleness;

    @Option(
            names = "--retention",
            paramLabel = "DURATION",
            defaultValue = "7d",
            description = "an order is forgotten this long after its last event (event time)"
                    + " (default: ${DEFAULT-VALUE})")
    public Duration retention;

    @Option(
            names = "--idle-flush",
            paramLabel = "DURATION",
            defaultValue = "5m",
            description = "when no partition has events for this long, event time follows the wall clock (0 = off)"
                    + " (default: ${DEFAULT-VALUE})")
    public Duration idleFlush;

    @Option(
            names = "--amount-tolerance",
            paramLabel = "DECIMAL",
            defaultValue = "0",
            description = "largest amount difference that still reconciles (decimal) (default: ${DEFAULT-VALUE})")
    public BigDecimal amountTolerance;

    @Option(
            names = "--delivery",
            paramLabel = "GUARANTEE",
            defaultValue = "exactly-once",
            description = "exactly-once (Kafka transactions, on checkpoints) or at-least-once"
                    + " (default: ${DEFAULT-VALUE})")
    public Delivery delivery;

    @Option(
            names = "--transactional-id-prefix",
            paramLabel = "PREFIX",
            defaultValue = "payment-reconciliation",
            description = "prefix of the sinks' Kafka transactional ids; unique per job on a cluster"
                    + " (default: ${DEFAULT-VALUE})")
    public String transactionalIdPrefix;

    @Option(
            names = "--transaction-timeout",
            paramLabel = "DURATION",
            defaultValue = "10m",
            description = "Kafka transaction timeout; must not exceed the broker's transaction.max.timeout.ms"
                    + " (default: ${DEFAULT-VALUE})")
    public Duration transactionTimeout;

    @Option(
            names = "--checkpoint-interval",
            paramLabel = "DURATION",
            defaultValue = "10s",
            description = "checkpoint interval; exactly-once output becomes visible at each checkpoint"
                    + " (default: ${DEFAULT-VALUE})")
    public Duration checkpointInterval;

    @Option(
            names = "--watermark-interval",
            paramLabel = "DURATION",
            defaultValue = "50ms",
            description = "how often sources emit watermarks: part of the time from event to output"
                    + " (default: ${DEFAULT-VALUE})")
    public Duration watermarkInterval;

    @Option(
            names = "--buffer-timeout",
            paramLabel = "DURATION",
            defaultValue = "10ms",
            description = "longest a record waits in a network buffer before it is sent on (default: ${DEFAULT-VALUE})")
    public Duration bufferTimeout;

    @Option(
            names = "--max-buffered-events",
            paramLabel = "N",
            defaultValue = "100000",
            description = "events each matching subtask holds on the heap until the watermark passes them; beyond,"
                    + " they wait in keyed state (0 = all in keyed state) (default: ${DEFAULT-VALUE})")
    public int maxBufferedEvents;

    @Option(names = "--parallelism", paramLabel = "N", description = "job parallelism (default: the cluster's)")
    public Integer parallelism;

    @Option(
            names = "--state-backend",
            paramLabel = "BACKEND",
            defaultValue = "rocksdb",
            description = "rocksdb (incremental checkpoints) or hashmap (default: ${DEFAULT-VALUE})")
    public StateBackend stateBackend;

    @Option(
            names = "--malformed-raw",
            paramLabel = "POLICY",
            defaultValue = "full",
            description = "raw text of malformed input in exceptions: full, redacted (digits masked) or none"
                    + " (default: ${DEFAULT-VALUE})")
    public RawPolicy malformedRaw;

    @Option(
            names = "--max-time-ahead",
            paramLabel = "DURATION",
            defaultValue = "1h",
            description = "events further ahead of the wall clock than this never move event time forward"
                    + " (default: ${DEFAULT-VALUE})")
    public Duration maxTimeAhead;

    /** {@code --kafka-property KEY=VALUE} and {@code --kafka-properties FILE}, as the alert bridge takes them. */
    @Mixin
    public KafkaClientOptions kafka;

    @Option(
            names = "--skip-preflight",
            description = "do not check brokers, topics and the transaction timeout before submitting")
    public boolean skipPreflight;

    @Option(
            names = "--failure-trigger-file",
            paramLabel = "PATH",
            description = "TESTS ONLY: when this file appears, the job deletes it and fails once")
    public String failureTriggerFile;

    @Option(
            names = "--input-file",
            paramLabel = "PATH",
            description = "file replay: a JSON-lines file or a folder of them instead of Kafka")
    public String inputFile;

    @Option(
            names = "--output-dir",
            paramLabel = "DIR",
            description = "file replay: writes DIR/reconciled/, DIR/exceptions/ and DIR/statements/ as JSON lines")
    public String outputDir;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "print this help")
    public boolean help;
}
