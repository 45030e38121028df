package io.payrecon.generator;

import io.payrecon.cli.Cli;
import io.payrecon.cli.DurationCodec;
import io.payrecon.cli.UsageException;
import io.payrecon.job.config.JobOptions;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;

/**
 * The generator's command line (picocli, with the house rules of {@link Cli}). Values are read here
 * and checked where they are used: the traffic's settings by {@link TrafficSpec}'s builder (so a
 * limit lives in one place), the output's here. Kept apart from {@link EventGenerator} so that it
 * can be tested without {@code System.exit}: every problem is a {@link UsageException} whose
 * message is the line to print.
 */
@Command(
        sortOptions = false,
        customSynopsis =
                "EventGenerator (--bootstrap-servers HOST:PORT [--topic NAME] | --output-file PATH)" + " [options]%n",
        description = {
            "Generates deterministic payment-event traffic for the reconciliation job: matched debit/credit",
            "pairs, order lifecycle events and the anomalies below, in event-time order shuffled within",
            "--out-of-order. Prints a one-line summary when done.",
            "",
            "Durations: a whole number with ms, s, m, h or d. Shares: fractions of orders, 0 to 1;",
            "the anomaly shares add up to at most 1, the rest are matched pairs (one of which is the",
            "hot order). Contract v3's movements: by default 30 %% of the orders move money more than",
            "once (partial capture, refund, chargeback, split tender, double refund, hot order).",
            ""
        },
        footerHeading = "%n",
        footer = "Exit status: 0 done, 1 the write failed, 2 bad command line.",
        defaultValueProvider = GeneratorArgs.Defaults.class)
public final class GeneratorArgs {
    /** The job's input topic, unless told otherwise. */
    public static final String DEFAULT_TOPIC = JobOptions.DEFAULT_INPUT_TOPIC;
    /** Unpaced: as fast as possible. */
    static final String DEFAULT_RATE = "0";

    private static final String DEFAULT = " (default: ${DEFAULT-VALUE})";

    static final String ORDERS = "--orders";

    @Option(names = ORDERS, paramLabel = "N", order = 1, description = "orders to generate" + DEFAULT)
    private int orders;

    static final String SEED = "--seed";

    @Option(
            names = SEED,
            paramLabel = "N",
            order = 2,
            description = "random seed: the same seed and flags give byte-identical records" + DEFAULT)
    private long seed;

    static final String START_TIME = "--start-time";

    @Option(
            names = START_TIME,
            paramLabel = "TIME",
            order = 3,
            converter = StartTime.class,
            description = "event time of the first order: an ISO-8601 instant (2026-11-21T10:00:00Z) or epoch ms"
                    + " (default: now)")
    private Long startTimeMillis;

    static final String EVENT_SPACING = "--event-spacing";

    @Option(
            names = EVENT_SPACING,
            paramLabel = "DURATION",
            order = 4,
            description = "event time between the starts of consecutive orders" + DEFAULT)
    private Duration eventSpacing;

    static final String OUT_OF_ORDER = "--out-of-order";

    @Option(
            names = OUT_OF_ORDER,
            paramLabel = "DURATION",
            order = 5,
            description = "arrival order strays from event-time order by less than this" + DEFAULT)
    private Duration outOfOrder;

    static final String MATCH_WINDOW = "--match-window";

    @Option(
            names = MATCH_WINDOW,
            paramLabel = "DURATION",
            order = 6,
            description = "the job's match window: late counterparts come 1s..5m after it" + DEFAULT)
    private Duration matchWindow;

    /** One option per anomaly, added in {@link #commandLine()} (picocli annotations cannot loop). */
    private final Map<Scenario, BigDecimal> shares = new EnumMap<>(Scenario.class);

    static final String LIFECYCLE = "--lifecycle";

    @Option(
            names = LIFECYCLE,
            paramLabel = "SHARE",
            order = 30,
            description = "share of the other orders that also carry order lifecycle events" + DEFAULT)
    private BigDecimal lifecycleShare;

    static final String HOT_ORDER_MOVEMENTS = "--hot-order-movements";

    @Option(
            names = HOT_ORDER_MOVEMENTS,
            paramLabel = "N",
            order = 29,
            description = "movements of the one hot order (2 x N debits and credits; 0 = none); above the job's"
                    + " --max-events-per-order / 2 it overflows (ORDER_OVERFLOW)" + DEFAULT)
    private int hotOrderMovements;

    static final String RATE = "--rate";

    @Option(
            names = RATE,
            paramLabel = "N",
            order = 31,
            description = "records per second of wall-clock pacing; 0 = as fast as possible" + DEFAULT)
    private BigDecimal rate;

    static final String BOOTSTRAP_SERVERS = "--bootstrap-servers";

    @Option(
            names = BOOTSTRAP_SERVERS,
            paramLabel = "HOST:PORT[,...]",
            order = 32,
            converter = HostPorts.class,
            description = "write to the Kafka cluster at these brokers (default: none)")
    private String bootstrapServers;

    static final String TOPIC = "--topic";

    @Option(
            names = TOPIC,
            paramLabel = "NAME",
            order = 33,
            converter = TopicName.class,
            description = "Kafka topic to write to" + DEFAULT)
    private String topic;

    static final String PARTITIONING = "--partitioning";

    @Option(
            names = PARTITIONING,
            paramLabel = "order|random",
            order = 34,
            description = "order: all events of an order on one partition (OrderIdPartitioner); random: spread over"
                    + " partitions by event id, on purpose" + DEFAULT)
    private Partitioning partitioning;

    static final String OUTPUT_FILE = "--output-file";

    @Option(
            names = OUTPUT_FILE,
            paramLabel = "PATH",
            order = 35,
            description = "write JSON lines to this file instead of Kafka ('-' = standard output) (default: none)")
    private String outputFile;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            order = 40,
            description = "print this help and exit")
    private boolean help;

    private GeneratorArgs() {}

    /** Defaults as the help shows them, from {@link TrafficSpec}'s: one source for both. */
    static final class Defaults implements IDefaultValueProvider {
        private static final Map<String, String> VALUES = new HashMap<>();

        static {
            VALUES.put(ORDERS, Integer.toString(TrafficSpec.DEFAULT_ORDERS));
            VALUES.put(SEED, Long.toString(TrafficSpec.DEFAULT_SEED));
            VALUES.put(EVENT_SPACING, DurationCodec.format(TrafficSpec.DEFAULT_EVENT_SPACING_MILLIS));
            VALUES.put(OUT_OF_ORDER, DurationCodec.format(TrafficSpec.DEFAULT_OUT_OF_ORDER_BOUND_MILLIS));
            VALUES.put(MATCH_WINDOW, DurationCodec.format(TrafficSpec.DEFAULT_MATCH_WINDOW_MILLIS));
            VALUES.put(LIFECYCLE, Double.toString(TrafficSpec.DEFAULT_LIFECYCLE_SHARE));
            VALUES.put(HOT_ORDER_MOVEMENTS, Integer.toString(TrafficSpec.DEFAULT_HOT_ORDER_MOVEMENTS));
            VALUES.put(RATE, DEFAULT_RATE);
            VALUES.put(TOPIC, DEFAULT_TOPIC);
            VALUES.put(PARTITIONING, Partitioning.ORDER.flagValue());
            for (Scenario s : Scenario.anomalies()) {
                VALUES.put("--" + s.flagName(), Double.toString(s.defaultShare()));
            }
        }

        @Override
        public String defaultValue(ArgSpec argSpec) {
            return argSpec instanceof OptionSpec option ? VALUES.get(option.longestName()) : null;
        }
    }

    private CommandLine commandLine() {
        CommandLine cl = Cli.commandLine(this, "EventGenerator");
        int order = 10;
        for (Scenario s : Scenario.anomalies()) {
            cl.getCommandSpec()
                    .addOption(OptionSpec.builder("--" + s.flagName())
                            .paramLabel("SHARE")
                            .type(BigDecimal.class)
                            .order(order++)
                            .description("share of orders: " + describe(s) + DEFAULT)
                            .setter(new ISetter() {
                                @Override
                                public <T> T set(T value) {
                                    shares.put(s, (BigDecimal) value);
                                    return null;
                                }
                            })
                            .build());
        }
        return cl;
    }

    /**
     * Parses a command line and checks the output settings; the traffic's are checked by {@link
     * #toSpec}.
     *
     * @throws UsageException for anything the generator cannot run; its message is the line to print
     */
    public static GeneratorArgs parse(String... args) {
        GeneratorArgs a = new GeneratorArgs();
        ParseResult given = Cli.parse(a.commandLine(), args);
        a.checkOutput(given);
        return a;
    }

    private void checkOutput(ParseResult given) {
        if (outputFile != null && outputFile.isEmpty()) {
            throw new UsageException(OUTPUT_FILE + ": '' is not a path");
        }
        if (bootstrapServers != null && outputFile != null) {
            throw new UsageException(OUTPUT_FILE + ": cannot be combined with " + BOOTSTRAP_SERVERS);
        }
        if (bootstrapServers == null && outputFile == null) {
            throw new UsageException("no output: give " + BOOTSTRAP_SERVERS + " HOST:PORT (Kafka) or " + OUTPUT_FILE
                    + " PATH (see --help)");
        }
        if (outputFile != null) {
            for (String kafkaOnly : List.of(TOPIC, PARTITIONING)) {
                if (given.hasMatchedOption(kafkaOnly)) {
                    throw new UsageException(kafkaOnly + ": only applies with " + BOOTSTRAP_SERVERS);
                }
            }
        }
        if (rate.signum() < 0 || Double.isInfinite(rate.doubleValue())) {
            throw new UsageException(
                    RATE + ": '" + rate.toPlainString() + "' is not a rate (records per second, 0 or more)");
        }
    }

    /**
     * The traffic these flags describe.
     *
     * @param nowMillis the start time when {@code --start-time} was not given
     * @throws UsageException naming the flag of the setting {@link TrafficSpec} refuses
     */
    public TrafficSpec toSpec(long nowMillis) {
        TrafficSpec.Builder b = TrafficSpec.builder()
                .orders(orders)
                .seed(seed)
                .startTimeMillis(startTimeMillis != null ? startTimeMillis : nowMillis)
                .eventSpacingMillis(eventSpacing.toMillis())
                .outOfOrderBoundMillis(outOfOrder.toMillis())
                .matchWindowMillis(matchWindow.toMillis())
                .lifecycleShare(lifecycleShare.doubleValue())
                .hotOrderMovements(hotOrderMovements);
        shares.forEach((scenario, share) -> b.share(scenario, share.doubleValue()));
        try {
            return b.build();
        } catch (TrafficSpec.InvalidSettingException e) {
            throw new UsageException(e.flag() + ": " + e.reason());
        }
    }

    public int orders() {
        return orders;
    }

    public long seed() {
        return seed;
    }

    /** Records per second; 0 = unpaced. */
    public double rate() {
        return rate.doubleValue();
    }

    public Partitioning partitioning() {
        return partitioning;
    }

    /** Null when writing to a file. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public String topic() {
        return topic;
    }

    /** Null when writing to Kafka; "-" for standard output. */
    public String outputFile() {
        return outputFile;
    }

    /** The help text: every flag with its default. */
    public static String usage() {
        return new GeneratorArgs().commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static String describe(Scenario s) {
        return switch (s) {
            case MATCHED -> "matched pairs";
            case UNMATCHED_DEBIT -> "a debit without credit";
            case UNMATCHED_CREDIT -> "a credit without debit";
            case LATE_MATCH -> "the counterpart 1s..5m after the match window";
            case AMOUNT_MISMATCH -> "credit amount differs from the debit's";
            case CURRENCY_MISMATCH -> "credit currency differs from the debit's";
            case DUPLICATE_DELIVERY -> "one event delivered twice (same bytes)";
            case DOUBLE_CHARGE -> "a second debit with a new event id";
            case INVALID_TRANSITION -> "one invalid lifecycle transition";
            case MALFORMED -> "one extra malformed record";
            case EVENT_ID_CONFLICT -> "an event id re-sent with other content";
            case PARTIAL_CAPTURE -> "paid in 2-3 payment movements";
            case REFUND -> "a payment, then a refund movement of part of it";
            case CHARGEBACK -> "a payment, then a chargeback movement of all of it";
            case SPLIT_TENDER -> "paid by two movements in two currencies";
            case PROCESSOR_FEE -> "a credit net of the processor's fee, with fee set";
            case DOUBLE_REFUND -> "two refunds that together exceed the payment (OVER_REFUND)";
            case HOT_ORDER -> "the hot order (see " + HOT_ORDER_MOVEMENTS + ")";
        };
    }

    /** {@code --start-time}: epoch milliseconds or an ISO-8601 instant; its range is the spec's to check. */
    static final class StartTime implements ITypeConverter<Long> {
        private static final Pattern WHOLE = Pattern.compile("-?[0-9]+");

        @Override
        public Long convert(String v) {
            if (WHOLE.matcher(v).matches()) {
                try {
                    return Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw new TypeConversionException("'" + v + "' is out of range");
                }
            }
            try {
                return Instant.parse(v).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                try {
                    return OffsetDateTime.parse(v).toInstant().toEpochMilli();
                } catch (DateTimeParseException | ArithmeticException e2) {
                    throw new TypeConversionException("'" + v
                            + "' is neither an ISO-8601 instant (like 2026-11-21T10:00:00Z) nor epoch milliseconds");
                }
            }
        }
    }

    /** {@code --bootstrap-servers}: a comma-separated list of HOST:PORT ([IPv6]:PORT). */
    static final class HostPorts implements ITypeConverter<String> {
        private static final Pattern HOST_PORT =
                Pattern.compile("[^,:\\s]+:([0-9]{1,5})|\\[[0-9A-Fa-f:.]+\\]:([0-9]{1,5})");

        @Override
        public String convert(String v) {
            for (String server : v.split(",", -1)) {
                Matcher m = HOST_PORT.matcher(server);
                boolean ok = m.matches();
                if (ok) {
                    int port = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
                    ok = port >= 1 && port <= 65_535;
                }
                if (!ok) {
                    throw new TypeConversionException("'" + v + "' is not a list of HOST:PORT");
                }
            }
            return v;
        }
    }

    /** {@code --topic}: what Kafka accepts as a topic name. */
    static final class TopicName implements ITypeConverter<String> {
        private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

        @Override
        public String convert(String v) {
            if (!TOPIC.matcher(v).matches() || v.equals(".") || v.equals("..")) {
                throw new TypeConversionException("'" + v + "' is not a topic name (1 to 249 of a-z A-Z 0-9 . _ -)");
            }
            return v;
        }
    }
}
