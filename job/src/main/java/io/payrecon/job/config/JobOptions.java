package io.payrecon.job.config;

import io.payrecon.cli.DurationCodec;
import io.payrecon.cli.KafkaClientOptions;
import io.payrecon.codec.RawPolicy;
import io.payrecon.job.config.JobConfig.Delivery;
import io.payrecon.job.config.JobConfig.StartingOffsets;
import io.payrecon.job.config.JobConfig.StateBackend;
import io.payrecon.job.reconcile.OrderTable;
import io.payrecon.job.reconcile.ReconcileOperator;
import io.payrecon.matching.MatchingRules;
import io.payrecon.statements.StatementPeriod;
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

    public static final String BOOTSTRAP_SERVERS = "--bootstrap-servers";

    @Option(
            names = BOOTSTRAP_SERVERS,
            paramLabel = "HOST:PORT",
            defaultValue = "localhost:9092",
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    public String bootstrapServers;

    public static final String INPUT_BOOTSTRAP_SERVERS = "--input-bootstrap-servers";

    @Option(
            names = INPUT_BOOTSTRAP_SERVERS,
            paramLabel = "HOST:PORT",
            description = "the input topic's Kafka cluster, when it is not the outputs' (default: --bootstrap-servers)")
    public String inputBootstrapServers;

    public static final String INPUT_TOPIC = "--input-topic";

    /** The generator writes here too, by default. */
    public static final String DEFAULT_INPUT_TOPIC = "reconciliation";

    @Option(
            names = INPUT_TOPIC,
            paramLabel = "TOPIC",
            defaultValue = DEFAULT_INPUT_TOPIC,
            description = "topic of payment and order events (default: ${DEFAULT-VALUE})")
    public String inputTopic;

    public static final String RECONCILED_TOPIC = "--reconciled-topic";

    @Option(
            names = RECONCILED_TOPIC,
            paramLabel = "TOPIC",
            defaultValue = "reconciled",
            description = "topic for matched debit/credit pairs (default: ${DEFAULT-VALUE})")
    public String reconciledTopic;

    public static final String EXCEPTIONS_TOPIC = "--exceptions-topic";

    @Option(
            names = EXCEPTIONS_TOPIC,
            paramLabel = "TOPIC",
            defaultValue = "exceptions",
            description = "topic for unmatched, mismatched, duplicated, invalid and malformed input"
                    + " (default: ${DEFAULT-VALUE})")
    public String exceptionsTopic;

    public static final String STATEMENTS_TOPIC = "--statements-topic";

    @Option(
            names = STATEMENTS_TOPIC,
            paramLabel = "TOPIC",
            defaultValue = "statements",
            description = "topic for per-period control totals (default: ${DEFAULT-VALUE})")
    public String statementsTopic;

    public static final String STATEMENT_PERIOD = "--statement-period";

    @Option(
            names = STATEMENT_PERIOD,
            paramLabel = "DURATION",
            defaultValue = StatementPeriod.DEFAULT_TEXT,
            description = "the period of a statement, aligned to UTC; at least 1m and dividing a day"
                    + " (default: ${DEFAULT-VALUE})")
    public Duration statementPeriod;

    public static final String GROUP_ID = "--group-id";

    @Option(
            names = GROUP_ID,
            paramLabel = "ID",
            defaultValue = "payment-reconciliation",
            description = "Kafka consumer group (offsets are committed on checkpoints) (default: ${DEFAULT-VALUE})")
    public String groupId;

    public static final String STARTING_OFFSETS = "--starting-offsets";

    @Option(
            names = STARTING_OFFSETS,
            paramLabel = "FROM",
            defaultValue = "committed",
            description = "committed (earliest when none), earliest or latest (default: ${DEFAULT-VALUE})")
    public StartingOffsets startingOffsets;

    public static final String BOUNDED = "--bounded";

    @Option(
            names = BOUNDED,
            description = "read to the offsets that are latest at start, then finish (backfills, benchmarks)")
    public boolean bounded;

    public static final String MATCH_WINDOW = "--match-window";

    @Option(
            names = MATCH_WINDOW,
            paramLabel = "DURATION",
            defaultValue = MatchingRules.DEFAULT_MATCH_WINDOW_TEXT,
            description = "time a side waits for its counterpart before UNMATCHED_* (default: ${DEFAULT-VALUE})")
    public Duration matchWindow;

    public static final String OUT_OF_ORDERNESS = "--out-of-orderness";

    @Option(
            names = OUT_OF_ORDERNESS,
            paramLabel = "DURATION",
            defaultValue = "5s",
            description = "how far behind the newest event of a partition an event may arrive"
                    + " (default: ${DEFAULT-VALUE})")
    public Duration outOfOrderness;

    public static final String IDLENESS = "--idleness";

    @Option(
            names = IDLENESS,
            paramLabel = "DURATION",
            defaultValue = "30s",
            description = "a partition with no events for this long stops holding event time back (0 = never)"
                    + " (default: ${DEFAULT-VALUE})")
    public Duration idleness;

    public static final String RETENTION = "--retention";

    @Option(
            names = RETENTION,
            paramLabel = "DURATION",
            defaultValue = MatchingRules.DEFAULT_RETENTION_TEXT,
            description = "an order is forgotten this long after its last event (event time)"
                    + " (default: ${DEFAULT-VALUE})")
    public Duration retention;

    public static final String MONEY_RETENTION = "--money-retention";

    @Option(
            names = MONEY_RETENTION,
            paramLabel = "DURATION",
            defaultValue = MatchingRules.DEFAULT_MONEY_RETENTION_TEXT,
            description = "an order's reconciled money (rule 12) is kept this long after its last reconciled"
                    + " movement, at least --retention (default: ${DEFAULT-VALUE})")
    public Duration moneyRetention;

    public static final String MAX_EVENTS_PER_ORDER = "--max-events-per-order";

    @Option(
            names = MAX_EVENTS_PER_ORDER,
            paramLabel = "N",
            defaultValue = MatchingRules.DEFAULT_MAX_EVENTS_PER_ORDER_TEXT,
            description = "recorded event ids an order may hold; later new ids give ORDER_OVERFLOW"
                    + " (default: ${DEFAULT-VALUE})")
    public int maxEventsPerOrder;

    public static final String IDLE_FLUSH = "--idle-flush";

    @Option(
            names = IDLE_FLUSH,
            paramLabel = "DURATION",
            defaultValue = "5m",
            description = "when no partition has events for this long, event time follows the wall clock (0 = off)"
                    + " (default: ${DEFAULT-VALUE})")
    public Duration idleFlush;

    public static final String AMOUNT_TOLERANCE = "--amount-tolerance";

    @Option(
            names = AMOUNT_TOLERANCE,
            paramLabel = "DECIMAL",
            defaultValue = MatchingRules.DEFAULT_AMOUNT_TOLERANCE_TEXT,
            description = "largest amount difference that still reconciles (decimal) (default: ${DEFAULT-VALUE})")
    public BigDecimal amountTolerance;

    public static final String DELIVERY = "--delivery";

    @Option(
            names = DELIVERY,
            paramLabel = "GUARANTEE",
            defaultValue = "exactly-once",
            description = "exactly-once (Kafka transactions, on checkpoints) or at-least-once"
                    + " (default: ${DEFAULT-VALUE})")
    public Delivery delivery;

    public static final String TRANSACTIONAL_ID_PREFIX = "--transactional-id-prefix";

    @Option(
            names = TRANSACTIONAL_ID_PREFIX,
            paramLabel = "PREFIX",
            defaultValue = "payment-reconciliation",
            description = "prefix of the sinks' Kafka transactional ids; unique per job on a cluster"
                    + " (default: ${DEFAULT-VALUE})")
    public String transactionalIdPrefix;

    public static final String TRANSACTION_TIMEOUT = "--transaction-timeout";

    @Option(
            names = TRANSACTION_TIMEOUT,
            paramLabel = "DURATION",
            defaultValue = "10m",
            description = "Kafka transaction timeout; must not exceed the broker's transaction.max.timeout.ms"
                    + " (default: ${DEFAULT-VALUE})")
    public Duration transactionTimeout;

    public static final String CHECKPOINT_INTERVAL = "--checkpoint-interval";

    @Option(
            names = CHECKPOINT_INTERVAL,
            paramLabel = "DURATION",
            defaultValue = "10s",
            description = "checkpoint interval; exactly-once output becomes visible at each checkpoint"
                    + " (default: ${DEFAULT-VALUE})")
    public Duration checkpointInterval;

    public static final String WATERMARK_INTERVAL = "--watermark-interval";

    @Option(
            names = WATERMARK_INTERVAL,
            paramLabel = "DURATION",
            defaultValue = "50ms",
            description = "how often sources emit watermarks: part of the time from event to output"
                    + " (default: ${DEFAULT-VALUE})")
    public Duration watermarkInterval;

    public static final String BUFFER_TIMEOUT = "--buffer-timeout";

    @Option(
            names = BUFFER_TIMEOUT,
            paramLabel = "DURATION",
            defaultValue = "10ms",
            description = "longest a record waits in a network buffer before it is sent on (default: ${DEFAULT-VALUE})")
    public Duration bufferTimeout;

    public static final String MAX_BUFFERED_EVENTS = "--max-buffered-events";

    @Option(
            names = MAX_BUFFERED_EVENTS,
            paramLabel = "N",
            defaultValue = ReconcileOperator.DEFAULT_MAX_BUFFERED_EVENTS_TEXT,
            description = "events each matching subtask holds on the heap until the watermark passes them; beyond,"
                    + " they wait in keyed state (0 = all in keyed state) (default: ${DEFAULT-VALUE})")
    public int maxBufferedEvents;

    public static final String ORDER_TABLE_SIZE = "--order-table-size";

    @Option(
            names = ORDER_TABLE_SIZE,
            paramLabel = "N",
            defaultValue = OrderTable.DEFAULT_MAX_ORDERS_TEXT,
            description =
                    "busy orders each matching subtask keeps deserialized on the heap between their wake-ups"
                            + " (RocksDB only; written back before each checkpoint, so output and savepoints are the same);"
                            + " beyond it the least recently touched leaves; 20000 is a start (0 = off) (default: ${DEFAULT-VALUE})")
    public int orderTableSize;

    public static final String ORDER_TABLE_IDLE = "--order-table-idle";

    @Option(
            names = ORDER_TABLE_IDLE,
            paramLabel = "DURATION",
            defaultValue = "1m",
            description = "event time after which a quiet order leaves the order table (default: ${DEFAULT-VALUE})")
    public Duration orderTableIdle;

    public static final String PARALLELISM = "--parallelism";

    @Option(names = PARALLELISM, paramLabel = "N", description = "job parallelism (default: the cluster's)")
    public Integer parallelism;

    public static final String STATE_BACKEND = "--state-backend";

    @Option(
            names = STATE_BACKEND,
            paramLabel = "BACKEND",
            defaultValue = "rocksdb",
            description = "rocksdb (incremental checkpoints) or hashmap (default: ${DEFAULT-VALUE})")
    public StateBackend stateBackend;

    public static final String MALFORMED_RAW = "--malformed-raw";

    @Option(
            names = MALFORMED_RAW,
            paramLabel = "POLICY",
            defaultValue = "redacted",
            description = "what exceptions quote of malformed input (source.raw and detail): full,"
                    + " redacted (digits masked) or none (default: ${DEFAULT-VALUE})")
    public RawPolicy malformedRaw;

    public static final String MAX_TIME_AHEAD = "--max-time-ahead";

    @Option(
            names = MAX_TIME_AHEAD,
            paramLabel = "DURATION",
            defaultValue = "1m",
            description = "events further ahead of the wall clock than this never move event time forward;"
                    + " shorter than --match-window (default: ${DEFAULT-VALUE})")
    public Duration maxTimeAhead;

    /** {@code --kafka-property KEY=VALUE} and {@code --kafka-properties FILE}, as the alert bridge takes them. */
    @Mixin
    public KafkaClientOptions kafka;

    public static final String SKIP_PREFLIGHT = "--skip-preflight";

    @Option(
            names = SKIP_PREFLIGHT,
            description = "do not check brokers, topics and the transaction timeout before submitting")
    public boolean skipPreflight;

    public static final String ALLOW_FRESH_START = "--allow-fresh-start";

    @Option(
            names = ALLOW_FRESH_START,
            description = "start without -s although the consumer group has committed offsets (empty state:"
                    + " open pairs are forgotten, exceptions are sent again); only when that is meant")
    public boolean allowFreshStart;

    public static final String ALLOW_LIVE_TRANSACTIONS = "--allow-live-transactions";

    @Option(
            names = ALLOW_LIVE_TRANSACTIONS,
            description = "start without -s although transactions of this --transactional-id-prefix are live"
                    + " (this job fences the job that writes them); only when that job is gone for good")
    public boolean allowLiveTransactions;

    public static final String FAILURE_TRIGGER_FILE = "--failure-trigger-file";

    @Option(
            names = FAILURE_TRIGGER_FILE,
            paramLabel = "PATH",
            description = "TESTS ONLY: when this file appears, the job deletes it and fails once")
    public String failureTriggerFile;

    public static final String COMMIT_HOLD_FILE = "--commit-hold-file";

    @Option(
            names = COMMIT_HOLD_FILE,
            paramLabel = "PATH",
            description = "TESTS ONLY: while this file exists, the Kafka sinks hold their commits")
    public String commitHoldFile;

    public static final String INPUT_FILE = "--input-file";

    @Option(
            names = INPUT_FILE,
            paramLabel = "PATH",
            description = "file replay: a JSON-lines file or a folder of them instead of Kafka")
    public String inputFile;

    public static final String OUTPUT_DIR = "--output-dir";

    @Option(
            names = OUTPUT_DIR,
            paramLabel = "DIR",
            description = "file replay: writes DIR/reconciled/, DIR/exceptions/ and DIR/statements/ as JSON lines")
    public String outputDir;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "print this help")
    public boolean help;
}
