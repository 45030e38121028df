package io.payrecon.job.config;

import io.payrecon.cli.Cli;
import io.payrecon.cli.DurationCodec;
import io.payrecon.cli.UsageException;
import io.payrecon.codec.RawPolicy;
import io.payrecon.job.reconcile.OrderTable;
import io.payrecon.matching.MatchingRules;
import io.payrecon.statements.StatementPeriod;
import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * Every setting of the job, parsed and validated once from the command line. The flags themselves
 * (names, defaults, formats, help) are {@link JobOptions}; this is the typed, immutable result the
 * job is wired from, plus the checks that involve more than one flag or a file.
 */
public final class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Frozen: savepoints taken with one max parallelism cannot be restored with another. */
    public static final int MAX_PARALLELISM = 128;

    public enum StartingOffsets {
        COMMITTED,
        EARLIEST,
        LATEST
    }

    public enum Delivery {
        EXACTLY_ONCE,
        AT_LEAST_ONCE
    }

    public enum StateBackend {
        ROCKSDB,
        HASHMAP
    }

    public final String bootstrapServers;
    /** Where the input topic lives: {@link #bootstrapServers} unless the input has a cluster of its own. */
    public final String inputBootstrapServers;

    public final String inputTopic;
    public final String reconciledTopic;
    public final String exceptionsTopic;
    public final String statementsTopic;
    public final String groupId;
    public final StartingOffsets startingOffsets;
    public final boolean bounded;
    public final Duration matchWindow;
    public final Duration outOfOrderness;
    public final Duration idleness;
    public final Duration retention;
    /** Contract v3, rule 12. */
    public final Duration moneyRetention;
    /** Contract v3, rule 13. */
    public final int maxEventsPerOrder;

    public final Duration idleFlush;
    public final StatementPeriod statementPeriod;
    public final BigDecimal amountTolerance;
    public final Delivery delivery;
    public final String transactionalIdPrefix;
    public final Duration transactionTimeout;
    /** The flag's value, or the job's default; see {@link #isGiven} for which one wins over the cluster. */
    public final Duration checkpointInterval;

    public final Duration watermarkInterval;
    public final Duration bufferTimeout;
    /** Per subtask of the matching operator (ReconcileOperator); 0 keeps every event in keyed state. */
    public final int maxBufferedEvents;
    /** Busy orders on the heap per matching subtask, and how long a quiet one stays ({@link OrderTable}). */
    public final OrderTable.Limits orderTable;
    /** Null: the cluster's default. */
    public final Integer parallelism;

    public final StateBackend stateBackend;
    public final RawPolicy malformedRaw;
    public final Duration maxTimeAhead;
    /** Pass-through Kafka client settings (security and tuning); values are never logged. */
    public final Map<String, String> kafkaProperties;

    public final boolean skipPreflight;
    /** A start without a restore over the group's committed offsets is meant (KafkaPreflight). */
    public final boolean allowFreshStart;
    /** A start without a restore while transactions of the prefix are live is meant (KafkaPreflight). */
    public final boolean allowLiveTransactions;
    /** Test-only failure switch; null (off) unless given. */
    public final String failureTriggerFile;
    /** Tests only: while this file exists, the Kafka sinks' committers wait before committing. */
    public final String commitHoldFile;
    /** Non-null for a file replay. */
    public final String inputFile;

    public final String outputDir;

    /** The flags given on the command line, as {@link JobOptions} names them ("--checkpoint-interval"). */
    private final Set<String> given;

    /**
     * @param given the flags given on the command line ({@link #given}); the others hold defaults
     * @throws UsageException naming the flag, for anything that is not a valid setting
     */
    public JobConfig(JobOptions o, Set<String> given) {
        this.given = Collections.unmodifiableSet(new TreeSet<>(given));
        bootstrapServers = text(JobOptions.BOOTSTRAP_SERVERS, o.bootstrapServers);
        inputBootstrapServers = o.inputBootstrapServers == null
                ? bootstrapServers
                : text(JobOptions.INPUT_BOOTSTRAP_SERVERS, o.inputBootstrapServers);
        inputTopic = text(JobOptions.INPUT_TOPIC, o.inputTopic);
        reconciledTopic = text(JobOptions.RECONCILED_TOPIC, o.reconciledTopic);
        exceptionsTopic = text(JobOptions.EXCEPTIONS_TOPIC, o.exceptionsTopic);
        statementsTopic = text(JobOptions.STATEMENTS_TOPIC, o.statementsTopic);
        groupId = text(JobOptions.GROUP_ID, o.groupId);
        startingOffsets = o.startingOffsets;
        bounded = o.bounded;
        matchWindow = positive(JobOptions.MATCH_WINDOW, o.matchWindow);
        outOfOrderness = o.outOfOrderness;
        idleness = o.idleness;
        retention = positive(JobOptions.RETENTION, o.retention);
        moneyRetention = positive(JobOptions.MONEY_RETENTION, o.moneyRetention);
        maxEventsPerOrder = o.maxEventsPerOrder;
        if (maxEventsPerOrder < 1) {
            throw new UsageException(
                    JobOptions.MAX_EVENTS_PER_ORDER + ": must be 1 or more, got '" + maxEventsPerOrder + "'");
        }
        idleFlush = o.idleFlush;
        statementPeriod = statementPeriod(o.statementPeriod);
        amountTolerance = o.amountTolerance;
        delivery = o.delivery;
        transactionalIdPrefix = text(JobOptions.TRANSACTIONAL_ID_PREFIX, o.transactionalIdPrefix);
        transactionTimeout = positive(JobOptions.TRANSACTION_TIMEOUT, o.transactionTimeout);
        checkpointInterval = positive(JobOptions.CHECKPOINT_INTERVAL, o.checkpointInterval);
        watermarkInterval = positive(JobOptions.WATERMARK_INTERVAL, o.watermarkInterval);
        bufferTimeout = o.bufferTimeout;
        maxBufferedEvents = o.maxBufferedEvents;
        if (maxBufferedEvents < 0) {
            throw new UsageException(
                    JobOptions.MAX_BUFFERED_EVENTS + ": must be 0 or more, got '" + maxBufferedEvents + "'");
        }
        if (o.orderTableSize < 0) {
            throw new UsageException(
                    JobOptions.ORDER_TABLE_SIZE + ": must be 0 or more, got '" + o.orderTableSize + "'");
        }
        orderTable = new OrderTable.Limits(
                o.orderTableSize,
                positive(JobOptions.ORDER_TABLE_IDLE, o.orderTableIdle).toMillis());
        parallelism = o.parallelism;
        stateBackend = o.stateBackend;
        malformedRaw = o.malformedRaw;
        maxTimeAhead = positive(JobOptions.MAX_TIME_AHEAD, o.maxTimeAhead);
        skipPreflight = o.skipPreflight;
        allowFreshStart = o.allowFreshStart;
        allowLiveTransactions = o.allowLiveTransactions;
        failureTriggerFile =
                o.failureTriggerFile == null ? null : text(JobOptions.FAILURE_TRIGGER_FILE, o.failureTriggerFile);
        commitHoldFile = o.commitHoldFile == null ? null : text(JobOptions.COMMIT_HOLD_FILE, o.commitHoldFile);
        inputFile = o.inputFile == null ? null : text(JobOptions.INPUT_FILE, o.inputFile);
        outputDir = o.outputDir == null ? null : text(JobOptions.OUTPUT_DIR, o.outputDir);

        if (amountTolerance.signum() < 0) {
            throw new UsageException(JobOptions.AMOUNT_TOLERANCE + ": must not be negative, got '"
                    + amountTolerance.toPlainString() + "'");
        }
        if (parallelism != null && parallelism < 1) {
            throw new UsageException(JobOptions.PARALLELISM + ": must be 1 or more, got '" + parallelism + "'");
        }
        if (parallelism != null && parallelism > MAX_PARALLELISM) {
            throw new UsageException(
                    JobOptions.PARALLELISM + ": " + parallelism + " is above the max parallelism " + MAX_PARALLELISM);
        }
        if (retention.compareTo(matchWindow) < 0) {
            throw new UsageException(JobOptions.RETENTION + ": " + DurationCodec.format(retention)
                    + " is shorter than " + JobOptions.MATCH_WINDOW + " " + DurationCodec.format(matchWindow)
                    + "; an order must be kept at least as long as it waits");
        }
        if (maxTimeAhead.compareTo(matchWindow) >= 0) {
            // Issue 24: one producer whose clock runs fast by more than the window, writing to every
            // partition, would move every partition's event time past every open pair's deadline.
            throw new UsageException(JobOptions.MAX_TIME_AHEAD + ": " + DurationCodec.format(maxTimeAhead)
                    + " is not shorter than " + JobOptions.MATCH_WINDOW + " " + DurationCodec.format(matchWindow)
                    + "; one producer with a fast clock could flag every open pair at once");
        }
        if (moneyRetention.compareTo(retention) < 0) {
            throw new UsageException(JobOptions.MONEY_RETENTION + ": " + DurationCodec.format(moneyRetention)
                    + " is shorter than " + JobOptions.RETENTION + " " + DurationCodec.format(retention)
                    + "; an order's money must be kept at least as long as the order");
        }
        if ((inputFile == null) != (outputDir == null)) {
            throw new UsageException(
                    inputFile == null
                            ? JobOptions.OUTPUT_DIR + ": needs " + JobOptions.INPUT_FILE
                                    + " (a file replay reads files and writes files)"
                            : JobOptions.INPUT_FILE + ": needs " + JobOptions.OUTPUT_DIR
                                    + " (a file replay reads files and writes files)");
        }
        kafkaProperties = o.kafka.propertiesWithSecretsFromProviders();
    }

    private static StatementPeriod statementPeriod(Duration period) {
        try {
            return StatementPeriod.of(period);
        } catch (IllegalArgumentException e) {
            throw new UsageException(JobOptions.STATEMENT_PERIOD + ": " + e.getMessage());
        }
    }

    /**
     * The job's configuration from its command line.
     *
     * @throws UsageException naming the flag, for anything that is not a valid setting
     */
    public static JobConfig parse(String... args) {
        JobOptions options = new JobOptions();
        ParseResult result = Cli.parse(JobCommandLine.of(options, JobOptions.COMMAND), args);
        return new JobConfig(options, given(result));
    }

    /** The flags of {@code result} that were on the command line ("--checkpoint-interval"). */
    public static Set<String> given(ParseResult result) {
        Set<String> names = new TreeSet<>();
        for (OptionSpec option : result.matchedOptions()) {
            names.add(option.longestName());
        }
        return names;
    }

    public static JobConfig defaults() {
        return parse();
    }

    /**
     * True when {@code flag} (as {@link JobOptions} names it: "--checkpoint-interval") was on the
     * command line: for the settings that belong to Flink, a flag given wins over the cluster's value,
     * and the cluster's value over the default.
     */
    public boolean isGiven(String flag) {
        return given.contains(flag);
    }

    public boolean isFileReplay() {
        return inputFile != null;
    }

    public MatchingRules matchingRules() {
        return new MatchingRules(matchWindow, retention, amountTolerance, moneyRetention, maxEventsPerOrder);
    }

    /** The job's {@code --help}, for {@code command} (how the user started it). */
    public static String helpText(String command) {
        return JobCommandLine.of(new JobOptions(), command).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static String text(String flag, String value) {
        if (value.isEmpty()) {
            throw new UsageException(flag + ": must not be empty");
        }
        return value;
    }

    private static Duration positive(String flag, Duration value) {
        if (value.isZero()) {
            throw new UsageException(flag + ": must be more than 0, got '0'");
        }
        return value;
    }
}
