package io.payrecon.generator;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The generator's command line, parsed and checked. Kept apart from {@link EventGenerator} so that it
 * can be tested without {@code System.exit}: every problem is a {@link UsageException} whose message
 * is the single line to print.
 *
 * <p>Flags take their value as the next argument or after '=' ({@code --orders 500},
 * {@code --orders=500}); each may be given once.
 */
public final class GeneratorArgs {
    public static final String DEFAULT_TOPIC = "reconciliation";

    private static final Pattern WHOLE = Pattern.compile("-?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?|\\.[0-9]+");
    private static final Pattern DURATION = Pattern.compile("([0-9]{1,18})(ms|s|m|h|d)");
    private static final Pattern HOST_PORT = Pattern.compile("[^,:\\s]+:([0-9]{1,5})|\\[[0-9A-Fa-f:.]+\\]:([0-9]{1,5})");
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final String DURATION_HINT = "like 500ms, 5s, 10m, 2h, 7d";

    private int orders = TrafficSpec.DEFAULT_ORDERS;
    private long seed = TrafficSpec.DEFAULT_SEED;
    private double rate;
    private Long startTimeMillis;
    private long eventSpacingMillis = TrafficSpec.DEFAULT_EVENT_SPACING_MILLIS;
    private long outOfOrderMillis = TrafficSpec.DEFAULT_OUT_OF_ORDER_BOUND_MILLIS;
    private long matchWindowMillis = TrafficSpec.DEFAULT_MATCH_WINDOW_MILLIS;
    private final EnumMap<Scenario, Double> shares = new EnumMap<>(Scenario.class);
    private double lifecycleShare = TrafficSpec.DEFAULT_LIFECYCLE_SHARE;
    private Partitioning partitioning = Partitioning.ORDER;
    private String bootstrapServers;
    private String topic = DEFAULT_TOPIC;
    private String outputFile;
    private boolean help;
    private final Set<String> given = new HashSet<>();
    private String lastShareFlag;

    private GeneratorArgs() {
        for (Scenario s : Scenario.anomalies()) {
            shares.put(s, TrafficSpec.DEFAULT_ANOMALY_SHARE);
        }
    }

    @FunctionalInterface
    private interface Setter {
        void apply(GeneratorArgs args, String flag, String value) throws UsageException;
    }

    private record Flag(String name, String valueName, String defaultText, String description, Setter setter) {}

    /** Every flag, in help order. */
    private static final Map<String, Flag> FLAGS = flags();

    private static Map<String, Flag> flags() {
        List<Flag> list = new ArrayList<>();
        list.add(new Flag("--orders", "N", Integer.toString(TrafficSpec.DEFAULT_ORDERS),
                "orders to generate",
                (a, f, v) -> a.orders = (int) wholeNumber(f, v, 0, TrafficSpec.MAX_ORDERS)));
        list.add(new Flag("--seed", "N", Long.toString(TrafficSpec.DEFAULT_SEED),
                "random seed: the same seed and flags give byte-identical records",
                (a, f, v) -> a.seed = wholeNumber(f, v, Long.MIN_VALUE, Long.MAX_VALUE)));
        list.add(new Flag("--start-time", "TIME", "now",
                "event time of the first order: an ISO-8601 instant (2026-11-21T10:00:00Z) or epoch ms",
                (a, f, v) -> a.startTimeMillis = instant(f, v)));
        list.add(new Flag("--event-spacing", "DURATION", formatDuration(TrafficSpec.DEFAULT_EVENT_SPACING_MILLIS),
                "event time between the starts of consecutive orders",
                (a, f, v) -> a.eventSpacingMillis = duration(f, v, TrafficSpec.MAX_EVENT_SPACING_MILLIS)));
        list.add(new Flag("--out-of-order", "DURATION",
                formatDuration(TrafficSpec.DEFAULT_OUT_OF_ORDER_BOUND_MILLIS),
                "arrival order strays from event-time order by less than this",
                (a, f, v) -> a.outOfOrderMillis = duration(f, v, TrafficSpec.MAX_OUT_OF_ORDER_BOUND_MILLIS)));
        list.add(new Flag("--match-window", "DURATION", formatDuration(TrafficSpec.DEFAULT_MATCH_WINDOW_MILLIS),
                "the job's match window: late counterparts come 1s..5m after it",
                (a, f, v) -> a.matchWindowMillis = duration(f, v, TrafficSpec.MAX_MATCH_WINDOW_MILLIS)));
        for (Scenario s : Scenario.anomalies()) {
            list.add(new Flag("--" + s.flagName(), "SHARE", Double.toString(TrafficSpec.DEFAULT_ANOMALY_SHARE),
                    "share of orders: " + describe(s),
                    (a, f, v) -> {
                        a.shares.put(s, share(f, v));
                        a.lastShareFlag = f;
                    }));
        }
        list.add(new Flag("--lifecycle", "SHARE", Double.toString(TrafficSpec.DEFAULT_LIFECYCLE_SHARE),
                "share of the other orders that also carry order lifecycle events",
                (a, f, v) -> a.lifecycleShare = share(f, v)));
        list.add(new Flag("--rate", "N", "0",
                "records per second of wall-clock pacing; 0 = as fast as possible",
                (a, f, v) -> a.rate = decimal(f, v, "a rate (records per second, 0 or more)")));
        list.add(new Flag("--bootstrap-servers", "HOST:PORT[,...]", "none",
                "write to the Kafka cluster at these brokers",
                (a, f, v) -> a.bootstrapServers = bootstrap(f, v)));
        list.add(new Flag("--topic", "NAME", DEFAULT_TOPIC,
                "Kafka topic to write to",
                (a, f, v) -> a.topic = topic(f, v)));
        list.add(new Flag("--partitioning", "order|random", Partitioning.ORDER.flagValue(),
                "order: all events of an order on one partition (OrderIdPartitioner); random: spread over"
                        + " partitions by event id, on purpose",
                (a, f, v) -> a.partitioning = partitioning(f, v)));
        list.add(new Flag("--output-file", "PATH", "none",
                "write JSON lines to this file instead of Kafka ('-' = standard output)",
                (a, f, v) -> a.outputFile = path(f, v)));
        list.add(new Flag("--help", null, null, "print this help and exit", (a, f, v) -> a.help = true));
        Map<String, Flag> byName = new LinkedHashMap<>();
        for (Flag flag : list) {
            byName.put(flag.name(), flag);
        }
        return Collections.unmodifiableMap(byName);
    }

    /**
     * Parses and checks a command line.
     *
     * @throws UsageException for anything the generator cannot run; its message is the line to print
     */
    public static GeneratorArgs parse(String... args) throws UsageException {
        GeneratorArgs a = new GeneratorArgs();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                // Help wins over whatever else is wrong with the line: it is what the user needs.
                a.help = true;
                return a;
            }
        }
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException(null, "unexpected argument '" + arg + "' (see --help)");
            }
            int eq = arg.indexOf('=');
            String name = eq > 0 ? arg.substring(0, eq) : arg;
            Flag flag = FLAGS.get(name);
            if (flag == null) {
                throw new UsageException(name, "unknown flag (see --help)");
            }
            String value;
            if (eq > 0) {
                value = arg.substring(eq + 1);
            } else {
                if (i + 1 >= args.length || FLAGS.containsKey(flagName(args[i + 1]))) {
                    throw new UsageException(name, "missing value (" + flag.valueName() + ")");
                }
                value = args[++i];
            }
            if (!a.given.add(name)) {
                throw new UsageException(name, "given twice");
            }
            flag.setter().apply(a, name, value);
        }
        a.checkCombination();
        return a;
    }

    private static String flagName(String arg) {
        int eq = arg.indexOf('=');
        return eq > 0 ? arg.substring(0, eq) : arg;
    }

    private void checkCombination() throws UsageException {
        if (bootstrapServers != null && outputFile != null) {
            throw new UsageException("--output-file", "cannot be combined with --bootstrap-servers");
        }
        if (bootstrapServers == null && outputFile == null) {
            throw new UsageException(null,
                    "no output: give --bootstrap-servers HOST:PORT (Kafka) or --output-file PATH (see --help)");
        }
        if (outputFile != null) {
            for (String kafkaOnly : List.of("--topic", "--partitioning")) {
                if (given.contains(kafkaOnly)) {
                    throw new UsageException(kafkaOnly, "only applies with --bootstrap-servers");
                }
            }
        }
        BigDecimal total = BigDecimal.ZERO;
        for (double s : shares.values()) {
            total = total.add(BigDecimal.valueOf(s));
        }
        if (total.compareTo(BigDecimal.ONE) > 0) {
            // Only an explicit share can push the total past 1 (the defaults add up to 0.18).
            throw new UsageException(lastShareFlag,
                    "the anomaly shares add up to " + total.toPlainString() + ", more than 1");
        }
    }

    /**
     * The traffic these flags describe.
     *
     * @param nowMillis the start time when {@code --start-time} was not given
     * @throws UsageException when the run would reach past year 9999
     */
    public TrafficSpec toSpec(long nowMillis) throws UsageException {
        long start = startTimeMillis != null ? startTimeMillis : nowMillis;
        TrafficSpec.Builder b = TrafficSpec.builder()
                .orders(orders)
                .seed(seed)
                .startTimeMillis(start)
                .eventSpacingMillis(eventSpacingMillis)
                .outOfOrderBoundMillis(outOfOrderMillis)
                .matchWindowMillis(matchWindowMillis)
                .lifecycleShare(lifecycleShare);
        shares.forEach(b::share);
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            // Every flag was checked alone; what is left is their combination running out of time.
            String flag = given.contains("--start-time") ? "--start-time" : "--orders";
            throw new UsageException(flag, "with " + orders + " orders " + formatDuration(eventSpacingMillis)
                    + " apart from " + Instant.ofEpochMilli(start) + " the events would run past year 9999");
        }
    }

    /** True when {@code --help} was given: print {@link #usage()} and nothing else. */
    public boolean helpRequested() {
        return help;
    }

    public int orders() {
        return orders;
    }

    public long seed() {
        return seed;
    }

    /** Records per second; 0 = unpaced. */
    public double rate() {
        return rate;
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
        StringBuilder sb = new StringBuilder();
        sb.append("Usage: EventGenerator (--bootstrap-servers HOST:PORT [--topic NAME] | --output-file PATH)"
                + " [options]\n\n");
        sb.append("Generates deterministic payment-event traffic for the reconciliation job: matched debit/credit\n"
                + "pairs, order lifecycle events and the anomalies below, in event-time order shuffled within\n"
                + "--out-of-order. Prints a one-line summary when done.\n\n");
        sb.append("Durations: a whole number with ms, s, m, h or d. Shares: fractions of orders, 0 to 1;\n"
                + "the anomaly shares add up to at most 1, the rest are matched pairs.\n\n");
        for (Flag flag : FLAGS.values()) {
            String left = "  " + flag.name() + (flag.valueName() == null ? "" : " " + flag.valueName());
            sb.append(left);
            sb.append(" ".repeat(Math.max(2, 40 - left.length())));
            sb.append(flag.description());
            if (flag.defaultText() != null) {
                sb.append(" (default: ").append(flag.defaultText()).append(')');
            }
            sb.append('\n');
        }
        sb.append("\nExit status: 0 done, 1 the write failed, 2 bad command line.\n");
        return sb.toString();
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
        };
    }

    private static long wholeNumber(String flag, String v, long min, long max) throws UsageException {
        if (!WHOLE.matcher(v).matches()) {
            throw new UsageException(flag, "'" + v + "' is not a whole number");
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(flag, "'" + v + "' is out of range (" + min + " to " + max + ")");
        }
        if (n < min || n > max) {
            throw new UsageException(flag, "'" + v + "' is out of range (" + min + " to " + max + ")");
        }
        return n;
    }

    private static double decimal(String flag, String v, String what) throws UsageException {
        // A plain pattern first: Double.parseDouble would also take "NaN", "1e400", "0x1p3", " 1".
        if (!DECIMAL.matcher(v).matches()) {
            throw new UsageException(flag, "'" + v + "' is not " + what);
        }
        double d = Double.parseDouble(v);
        if (Double.isInfinite(d)) {
            throw new UsageException(flag, "'" + v + "' is not " + what);
        }
        return d;
    }

    private static double share(String flag, String v) throws UsageException {
        double d = decimal(flag, v, "a share between 0 and 1");
        if (d > 1) {
            throw new UsageException(flag, "'" + v + "' is not a share between 0 and 1");
        }
        return d;
    }

    private static long duration(String flag, String v, long maxMillis) throws UsageException {
        Matcher m = DURATION.matcher(v);
        if (!m.matches()) {
            throw new UsageException(flag, "'" + v + "' is not a duration (" + DURATION_HINT + ")");
        }
        long unit = switch (m.group(2)) {
            case "ms" -> 1L;
            case "s" -> 1_000L;
            case "m" -> 60_000L;
            case "h" -> 3_600_000L;
            default -> 86_400_000L;
        };
        long millis;
        try {
            millis = Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException e) {
            millis = Long.MAX_VALUE;
        }
        if (millis > maxMillis) {
            throw new UsageException(flag, "'" + v + "' is too long (at most " + formatDuration(maxMillis) + ")");
        }
        return millis;
    }

    private static long instant(String flag, String v) throws UsageException {
        long millis;
        if (WHOLE.matcher(v).matches()) {
            try {
                millis = Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new UsageException(flag, "'" + v + "' is out of range");
            }
        } else {
            try {
                millis = Instant.parse(v).toEpochMilli();
            } catch (DateTimeParseException | ArithmeticException e) {
                try {
                    millis = OffsetDateTime.parse(v).toInstant().toEpochMilli();
                } catch (DateTimeParseException | ArithmeticException e2) {
                    throw new UsageException(flag, "'" + v
                            + "' is neither an ISO-8601 instant (like 2026-11-21T10:00:00Z) nor epoch milliseconds");
                }
            }
        }
        if (millis < 0 || millis > TrafficSpec.MAX_EVENT_TIME_MILLIS) {
            throw new UsageException(flag, "'" + v + "' is out of range (1970 to year 9999)");
        }
        return millis;
    }

    private static String bootstrap(String flag, String v) throws UsageException {
        for (String server : v.split(",", -1)) {
            Matcher m = HOST_PORT.matcher(server);
            boolean ok = m.matches();
            if (ok) {
                int port = Integer.parseInt(m.group(1) != null ? m.group(1) : m.group(2));
                ok = port >= 1 && port <= 65_535;
            }
            if (!ok) {
                throw new UsageException(flag, "'" + v + "' is not a list of HOST:PORT");
            }
        }
        return v;
    }

    private static String topic(String flag, String v) throws UsageException {
        if (!TOPIC.matcher(v).matches() || v.equals(".") || v.equals("..")) {
            throw new UsageException(flag, "'" + v + "' is not a topic name (1 to 249 of a-z A-Z 0-9 . _ -)");
        }
        return v;
    }

    private static Partitioning partitioning(String flag, String v) throws UsageException {
        Partitioning p = Partitioning.fromFlag(v);
        if (p == null) {
            throw new UsageException(flag, "'" + v + "' is not one of: order, random");
        }
        return p;
    }

    private static String path(String flag, String v) throws UsageException {
        if (v.isEmpty()) {
            throw new UsageException(flag, "'' is not a path");
        }
        return v;
    }

    /** "10ms", "2s", "10m": the largest unit that divides the duration exactly. */
    static String formatDuration(long millis) {
        long[] units = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (millis != 0 && millis % units[i] == 0) {
                return millis / units[i] + names[i];
            }
        }
        return millis + "ms";
    }
}
