package io.payrecon.job;

import io.payrecon.codec.RawPolicy;
import io.payrecon.matching.MatchingRules;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.util.TimeUtils;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of the job, parsed and validated once from the command line. The flag table below
 * is the single source of both the parser and {@code --help}, so the two cannot drift apart.
 */
public final class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Frozen: savepoints taken with one max parallelism cannot be restored with another. */
    public static final int MAX_PARALLELISM = 128;

    public enum StartingOffsets { COMMITTED, EARLIEST, LATEST }

    public enum Delivery { EXACTLY_ONCE, AT_LEAST_ONCE }

    public enum StateBackend { ROCKSDB, HASHMAP }

    private static final Map<String, String[]> FLAGS = new LinkedHashMap<>();

    private static void flag(String name, String defaultValue, String help) {
        FLAGS.put(name, new String[] {defaultValue, help});
    }

    static {
        flag("bootstrap-servers", "localhost:9092", "Kafka bootstrap servers");
        flag("input-topic", "reconciliation", "topic of payment and order events");
        flag("reconciled-topic", "reconciled", "topic for matched debit/credit pairs");
        flag("exceptions-topic", "exceptions", "topic for unmatched, mismatched, duplicated, invalid and malformed input");
        flag("group-id", "payment-reconciliation", "Kafka consumer group (offsets are committed on checkpoints)");
        flag("starting-offsets", "committed", "committed (earliest when none), earliest or latest");
        flag("bounded", null, "read to the offsets that are latest at start, then finish (backfills, benchmarks)");
        flag("match-window", "10m", "time a side waits for its counterpart before UNMATCHED_*");
        flag("out-of-orderness", "5s", "how far behind the newest event of a partition an event may arrive");
        flag("idleness", "30s", "a partition with no events for this long stops holding event time back (0 = never)");
        flag("retention", "7d", "an order is forgotten this long after its last event (event time)");
        flag("idle-flush", "5m", "when no partition has events for this long, event time follows the wall clock (0 = off)");
        flag("amount-tolerance", "0", "largest amount difference that still reconciles (decimal)");
        flag("delivery", "exactly-once", "exactly-once (Kafka transactions, on checkpoints) or at-least-once");
        flag("transactional-id-prefix", "payment-reconciliation", "prefix of the sinks' Kafka transactional ids; unique per job on a cluster");
        flag("transaction-timeout", "10m", "Kafka transaction timeout; must not exceed the broker's transaction.max.timeout.ms");
        flag("checkpoint-interval", "10s", "checkpoint interval; exactly-once output becomes visible at each checkpoint");
        flag("watermark-interval", "50ms", "how often sources emit watermarks: part of the time from event to output");
        flag("buffer-timeout", "10ms", "longest a record waits in a network buffer before it is sent on");
        flag("parallelism", null, "job parallelism (default: the cluster's)");
        flag("state-backend", "rocksdb", "rocksdb (incremental checkpoints) or hashmap");
        flag("malformed-raw", "full", "raw text of malformed input in exceptions: full, redacted (digits masked) or none");
        flag("max-time-ahead", "1h", "events further ahead of the wall clock than this never move event time forward");
        flag("kafka-property", null, "KEY=VALUE for every Kafka client of the job (repeatable); the CLI logs it: secrets go in --kafka-properties");
        flag("kafka-properties", null, "a Java properties file of Kafka client settings (SASL/TLS); --kafka-property wins");
        flag("skip-preflight", null, "do not check brokers, topics and the transaction timeout before submitting");
        flag("failure-trigger-file", null, "TESTS ONLY: when this file appears, the job deletes it and fails once");
        flag("input-file", null, "file replay: a JSON-lines file or a folder of them instead of Kafka");
        flag("output-dir", null, "file replay: writes DIR/reconciled/ and DIR/exceptions/ as JSON lines");
        flag("help", null, "print this help");
    }

    public final String bootstrapServers;
    public final String inputTopic;
    public final String reconciledTopic;
    public final String exceptionsTopic;
    public final String groupId;
    public final StartingOffsets startingOffsets;
    public final boolean bounded;
    public final Duration matchWindow;
    public final Duration outOfOrderness;
    public final Duration idleness;
    public final Duration retention;
    public final Duration idleFlush;
    public final BigDecimal amountTolerance;
    public final Delivery delivery;
    public final String transactionalIdPrefix;
    public final Duration transactionTimeout;
    public final Duration checkpointInterval;
    public final Duration watermarkInterval;
    public final Duration bufferTimeout;
    /** Null: the cluster's default. */
    public final Integer parallelism;
    public final StateBackend stateBackend;
    /** Non-null for a file replay. */
    public final RawPolicy malformedRaw;
    public final Duration maxTimeAhead;
    /** Pass-through Kafka client settings (security and tuning); values are never logged. */
    public final Map<String, String> kafkaProperties;
    public final boolean skipPreflight;
    /** Test-only failure switch; null (off) unless given. */
    public final String failureTriggerFile;
    public final String inputFile;
    public final String outputDir;
    public final boolean help;

    private JobConfig(Reader r) {
        help = r.has("help");
        bootstrapServers = r.text("bootstrap-servers");
        inputTopic = r.text("input-topic");
        reconciledTopic = r.text("reconciled-topic");
        exceptionsTopic = r.text("exceptions-topic");
        groupId = r.text("group-id");
        startingOffsets = r.choice("starting-offsets", StartingOffsets.class);
        bounded = r.has("bounded");
        matchWindow = r.duration("match-window", false);
        outOfOrderness = r.duration("out-of-orderness", true);
        idleness = r.duration("idleness", true);
        retention = r.duration("retention", false);
        idleFlush = r.duration("idle-flush", true);
        amountTolerance = r.decimal("amount-tolerance");
        delivery = r.choice("delivery", Delivery.class);
        transactionalIdPrefix = r.text("transactional-id-prefix");
        transactionTimeout = r.duration("transaction-timeout", false);
        checkpointInterval = r.duration("checkpoint-interval", false);
        watermarkInterval = r.duration("watermark-interval", false);
        bufferTimeout = r.duration("buffer-timeout", true);
        parallelism = r.positiveIntOrNull("parallelism");
        stateBackend = r.choice("state-backend", StateBackend.class);
        malformedRaw = r.choice("malformed-raw", RawPolicy.class);
        maxTimeAhead = r.duration("max-time-ahead", false);
        kafkaProperties = r.kafkaProperties();
        skipPreflight = r.has("skip-preflight");
        failureTriggerFile = r.textOrNull("failure-trigger-file");
        inputFile = r.textOrNull("input-file");
        outputDir = r.textOrNull("output-dir");
        r.rejectUnknown();

        if (retention.compareTo(matchWindow) < 0) {
            throw new ConfigException("--retention: " + r.raw("retention") + " is shorter than --match-window "
                    + r.raw("match-window") + "; an order must be kept at least as long as it waits");
        }
        if (parallelism != null && parallelism > MAX_PARALLELISM) {
            throw new ConfigException("--parallelism: " + parallelism + " is above the max parallelism " + MAX_PARALLELISM);
        }
        if ((inputFile == null) != (outputDir == null)) {
            throw new ConfigException(inputFile == null
                    ? "--output-dir: needs --input-file (a file replay reads files and writes files)"
                    : "--input-file: needs --output-dir (a file replay reads files and writes files)");
        }
    }

    /** @throws ConfigException naming the flag, for anything that is not a valid setting */
    public static JobConfig parse(String... args) {
        return new JobConfig(new Reader(args));
    }

    public static JobConfig defaults() {
        return parse();
    }

    public boolean isFileReplay() {
        return inputFile != null;
    }

    public MatchingRules matchingRules() {
        return new MatchingRules(matchWindow, retention, amountTolerance);
    }

    public static String helpText(String command) {
        StringBuilder text = new StringBuilder("Usage: ").append(command).append(" [--flag value ...]\n\n");
        for (Map.Entry<String, String[]> f : FLAGS.entrySet()) {
            String def = f.getValue()[0];
            text.append(String.format("  --%-24s %s%s%n", f.getKey(), f.getValue()[1],
                    def == null ? "" : " (default: " + def + ")"));
        }
        text.append("\nDurations take a number and a unit: 500ms, 5s, 10m, 2h, 7d.\n");
        return text.toString();
    }

    /** Reads flags through Flink's ParameterTool, and remembers which ones were asked for. */
    private static final class Reader {
        /** What ParameterTool stores for a flag given without a value. */
        private static final String NO_VALUE = "__NO_VALUE_KEY";
        private final ParameterTool params;
        /** --kafka-property may repeat, which ParameterTool does not allow: collected apart. */
        private final List<String> kafkaPropertyArgs = new ArrayList<>();

        Reader(String[] args) {
            List<String> split = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                if (arg.equals("--kafka-property") || arg.startsWith("--kafka-property=")) {
                    String value = arg.equals("--kafka-property")
                            ? (i + 1 < args.length ? args[++i] : "")
                            : arg.substring("--kafka-property=".length());
                    kafkaPropertyArgs.add(value);
                    continue;
                }
                int eq = arg.indexOf('=');
                if (arg.startsWith("--") && eq > 2) { // --flag=value works as well as --flag value
                    split.add(arg.substring(0, eq));
                    split.add(arg.substring(eq + 1));
                } else {
                    split.add(arg);
                }
            }
            for (String arg : split) {
                if (arg.startsWith("-") && !arg.startsWith("--") && !isNumber(arg)) {
                    throw new ConfigException(arg + ": flags start with two dashes (see --help)");
                }
            }
            try {
                params = ParameterTool.fromArgs(split.toArray(new String[0]));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("bad command line: " + e.getMessage());
            }
        }

        private static boolean isNumber(String arg) {
            try {
                new BigDecimal(arg);
                return true;
            } catch (NumberFormatException e) {
                return false;
            }
        }

        boolean has(String name) {
            if (!params.has(name)) {
                return false;
            }
            if (!NO_VALUE.equals(params.get(name))) {
                throw new ConfigException("--" + name + ": takes no value, got '" + params.get(name) + "'");
            }
            return true;
        }

        String raw(String name) {
            String value = params.get(name, FLAGS.get(name)[0]);
            if (NO_VALUE.equals(value)) {
                throw new ConfigException("--" + name + ": needs a value");
            }
            return value;
        }

        String textOrNull(String name) {
            if (!params.has(name)) {
                return null;
            }
            return text(name);
        }

        String text(String name) {
            String value = raw(name);
            if (value.isEmpty()) {
                throw new ConfigException("--" + name + ": must not be empty");
            }
            return value;
        }

        <E extends Enum<E>> E choice(String name, Class<E> type) {
            String value = text(name);
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                List<String> allowed = new ArrayList<>();
                for (E c : type.getEnumConstants()) {
                    allowed.add(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
                }
                throw new ConfigException("--" + name + ": '" + value + "' is not one of " + String.join(", ", allowed));
            }
        }

        Duration duration(String name, boolean zeroAllowed) {
            String value = text(name);
            Duration d;
            try {
                d = TimeUtils.parseDuration(value);
            } catch (RuntimeException e) {
                throw new ConfigException("--" + name + ": '" + value + "' is not a duration (examples: 500ms, 5s, 10m, 2h, 7d)");
            }
            if (d.isNegative() || (!zeroAllowed && d.isZero())) {
                throw new ConfigException("--" + name + ": must be " + (zeroAllowed ? "0 or more" : "more than 0") + ", got '" + value + "'");
            }
            return d;
        }

        BigDecimal decimal(String name) {
            String value = text(name);
            try {
                BigDecimal d = new BigDecimal(value);
                if (d.signum() < 0) {
                    throw new ConfigException("--" + name + ": must not be negative, got '" + value + "'");
                }
                return d;
            } catch (NumberFormatException e) {
                throw new ConfigException("--" + name + ": '" + value + "' is not a decimal number");
            }
        }

        Integer positiveIntOrNull(String name) {
            if (!params.has(name)) {
                return null;
            }
            String value = text(name);
            try {
                int n = Integer.parseInt(value);
                if (n < 1) {
                    throw new ConfigException("--" + name + ": must be 1 or more, got '" + value + "'");
                }
                return n;
            } catch (NumberFormatException e) {
                throw new ConfigException("--" + name + ": '" + value + "' is not a whole number");
            }
        }

        Map<String, String> kafkaProperties() {
            Map<String, String> props = new java.util.TreeMap<>();
            String file = textOrNull("kafka-properties");
            if (file != null) {
                java.util.Properties fromFile = new java.util.Properties();
                try (java.io.Reader in = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of(file))) {
                    fromFile.load(in);
                } catch (java.io.IOException e) {
                    throw new ConfigException("--kafka-properties: cannot read '" + file + "': " + e.getMessage());
                }
                fromFile.stringPropertyNames().forEach(k -> props.put(k, fromFile.getProperty(k)));
            }
            for (String pair : kafkaPropertyArgs) {
                int eq = pair.indexOf('=');
                if (eq < 1) {
                    // The value may be a secret: name only the key, or nothing.
                    throw new ConfigException("--kafka-property: expected KEY=VALUE, got "
                            + (eq == 0 || pair.isEmpty() ? "an empty key" : "'" + pair.replaceAll("=.*", "") + "' without '='"));
                }
                props.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
            return java.util.Collections.unmodifiableMap(props);
        }

        void rejectUnknown() {
            for (String name : params.toMap().keySet()) {
                if (!FLAGS.containsKey(name)) {
                    throw new ConfigException("--" + name + ": unknown flag (see --help)");
                }
            }
        }
    }
}
