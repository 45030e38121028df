package io.payrecon.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.payrecon.cli.Cli;
import io.payrecon.cli.DurationCodec;
import io.payrecon.cli.UsageException;
import io.payrecon.generator.GeneratedTraffic;
import io.payrecon.generator.KafkaTrafficWriter;
import io.payrecon.generator.KafkaWriteResult;
import io.payrecon.generator.Partitioning;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficSpec;
import io.payrecon.job.ReconciliationJob;
import io.payrecon.job.config.JobCommandLine;
import io.payrecon.job.config.JobConfig;
import io.payrecon.job.config.JobOptions;
import io.payrecon.model.ExceptionType;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The README's first command: a real Kafka broker and a Flink MiniCluster (with its web UI) in this
 * process, generated traffic with every kind of anomaly, the job draining it at parallelism 2 with
 * exactly-once output, progress while it runs, and a summary of what came out and where to look.
 *
 * <p>Demo flags: {@code --orders N} (default 20000) and {@code --keep-running} (keep Kafka and the
 * web UI up after the run, until Ctrl-C). Every job flag works too (the job's options are a mixin
 * of this command, with the demo's own defaults); {@code --bootstrap-servers} uses an existing Kafka
 * instead of the embedded one.
 */
@Command(
        name = "EmbeddedDemo",
        sortOptions = false,
        abbreviateSynopsis = true,
        synopsisHeading = "Usage: ",
        optionListHeading = "%n",
        description = {"", "Kafka and Flink in this process, generated traffic, the job draining it, and a summary."})
public final class EmbeddedDemo {
    private static final int PARTITIONS = 12;

    private static final String ORDERS = "--orders";

    @Option(
            names = ORDERS,
            paramLabel = "N",
            defaultValue = "20000",
            description = "orders to generate (default: ${DEFAULT-VALUE})")
    private int orders;

    @Option(names = "--keep-running", description = "keep Kafka and the web UI up after the run, until Ctrl-C")
    private boolean keepRunning;

    @Mixin
    private JobOptions job;

    private EmbeddedDemo() {}

    /**
     * The demo's command line: the job's flags with the demo's defaults (a bounded run from the
     * earliest offsets at parallelism 2, checkpoints every 2 s, a group and transactional ids of its
     * own, and no preflight: the demo creates the topics itself). A flag given wins, as always.
     */
    private CommandLine commandLine(String run) {
        Map<String, String> demoDefaults = Map.of(
                JobOptions.SKIP_PREFLIGHT, "true",
                JobOptions.BOUNDED, "true",
                JobOptions.STARTING_OFFSETS, "earliest",
                JobOptions.PARALLELISM, "2",
                JobOptions.CHECKPOINT_INTERVAL, "2s",
                JobOptions.GROUP_ID, "demo-" + run,
                JobOptions.TRANSACTIONAL_ID_PREFIX, "demo-" + run);
        CommandLine cl = JobCommandLine.of(this, "EmbeddedDemo");
        cl.setDefaultValueProvider(arg -> arg instanceof OptionSpec o ? demoDefaults.get(o.longestName()) : null);
        return cl;
    }

    public static void main(String[] args) throws Exception {
        String run = Long.toString(System.currentTimeMillis(), 36);
        EmbeddedDemo demo = new EmbeddedDemo();
        CommandLine cl = demo.commandLine(run);
        if (Cli.helpRequested(args)) {
            System.out.print(cl.getUsageMessage(CommandLine.Help.Ansi.OFF));
            System.exit(0);
        }
        ParseResult parsed;
        JobConfig config;
        try {
            parsed = Cli.parse(cl, args);
            config = demo.config(parsed);
        } catch (UsageException e) {
            System.exit(Cli.usageError(e, System.err));
            return;
        }
        // First: every temporary file of Kafka and Flink goes under the session's folder, removed at the end.
        Session session = Session.open(System.out);
        demo.run(config, parsed, session, run);
    }

    private JobConfig config(ParseResult parsed) {
        if (orders < 1) {
            throw new UsageException(ORDERS + ": must be 1 or more, got '" + orders + "'");
        }
        JobConfig config = new JobConfig(job, JobConfig.given(parsed));
        if (config.isFileReplay()) {
            throw new UsageException(JobOptions.INPUT_FILE + ": the demo reads Kafka; use LocalRun for a file replay");
        }
        return config;
    }

    private void run(JobConfig config, ParseResult parsed, Session session, String run) throws Exception {
        EmbeddedKafka kafka = null;
        String bootstrap = config.bootstrapServers;
        if (!parsed.hasMatchedOption(JobOptions.BOOTSTRAP_SERVERS)) {
            System.out.println("Starting Kafka (KRaft, in this process)...");
            kafka = session.register(EmbeddedKafka.startOnLoopback());
            bootstrap = kafka.bootstrapServers();
            job.bootstrapServers = bootstrap;
            config = new JobConfig(job, JobConfig.given(parsed));
        }
        System.out.println("Kafka: " + bootstrap);
        try {
            EmbeddedKafka.createTopics(
                    bootstrap,
                    PARTITIONS,
                    config.inputTopic,
                    config.reconciledTopic,
                    config.exceptionsTopic,
                    config.statementsTopic);
        } catch (Exception e) {
            System.exit(Cli.usageError(
                    new UsageException(JobOptions.BOOTSTRAP_SERVERS + ": cannot create the topics on " + bootstrap
                            + ": " + e.getMessage()),
                    System.err));
        }

        TrafficSpec spec = TrafficSpec.builder()
                .orders(orders)
                .seed(System.currentTimeMillis())
                .startTime(Instant.now().minus(Duration.ofHours(1)))
                .matchWindowMillis(config.matchWindow.toMillis())
                .build();
        GeneratedTraffic traffic = TrafficGenerator.generate(spec);
        KafkaWriteResult written =
                KafkaTrafficWriter.writeToKafka(traffic, bootstrap, config.inputTopic, Partitioning.ORDER, 0);
        System.out.printf(
                "Wrote %,d events of %,d orders to '%s' (%d partitions): %s%n",
                written.records(), orders, config.inputTopic, PARTITIONS, written.describeSpread());
        System.out.println("Orders by scenario: " + traffic.plan().describeCounts());
        System.out.println("Contract v3: " + traffic.plan().describeMovements());

        LocalFlink flink = session.register(LocalFlink.start(2));
        {
            System.out.println("Flink web UI: " + flink.webUi() + "  (the job is 'payment-reconciliation')");
            if (flink.prometheusMetrics() != null) {
                System.out.println("Prometheus metrics: " + flink.prometheusMetrics());
            }
            StreamExecutionEnvironment env = flink.environment();
            env.setParallelism(config.parallelism);
            new ReconciliationJob(config).build(env);
            JobClient jobClient = env.executeAsync(ReconciliationJob.JOB_NAME);
            long started = System.nanoTime();
            try (TopicReader reconciled = new TopicReader(bootstrap, config.reconciledTopic);
                    TopicReader exceptions = new TopicReader(bootstrap, config.exceptionsTopic);
                    TopicReader statements = new TopicReader(bootstrap, config.statementsTopic)) {
                JobStatus status = followProgress(
                        new Progress() {
                            @Override
                            public JobStatus status() throws Exception {
                                return jobClient.getJobStatus().get();
                            }

                            @Override
                            public int[] poll() {
                                reconciled.poll(Duration.ofMillis(500));
                                exceptions.poll(Duration.ofMillis(500));
                                return new int[] {
                                    reconciled.poll(Duration.ZERO).size(),
                                    exceptions.poll(Duration.ZERO).size()
                                };
                            }

                            @Override
                            public int[] readToEnd() {
                                return new int[] {
                                    reconciled.readToEnd(Duration.ofMinutes(1)).size(),
                                    exceptions.readToEnd(Duration.ofMinutes(1)).size()
                                };
                            }

                            @Override
                            public double seconds() {
                                return (System.nanoTime() - started) / 1e9;
                            }
                        },
                        System.out);
                if (status != JobStatus.FINISHED) {
                    System.err.println("The job ended " + status + "; see the logs in target/logs/.");
                    System.exit(1);
                }
                // followProgress read both topics to their end: these are the final lists.
                List<ConsumerRecord<byte[], byte[]>> ok = reconciled.poll(Duration.ZERO);
                List<ConsumerRecord<byte[], byte[]>> bad = exceptions.poll(Duration.ZERO);
                printSummary(
                        config,
                        bootstrap,
                        written.records(),
                        ok.size(),
                        countByType(bad),
                        (System.nanoTime() - started) / 1e9);
                printStatements(config, statements.readToEnd(Duration.ofMinutes(1)));
            }
            if (keepRunning) {
                keepRunning(session, flink, config, bootstrap, kafka == null ? 0 : kafka.controllerPort(), run);
                Thread.currentThread().join(); // until Ctrl-C or SIGTERM: the session's shutdown hook stops it all
            }
        }
        session.close();
        System.exit(0); // Kafka and Flink leave non-daemon threads behind
    }

    /** One order every this long on the live trickle. */
    static final Duration LIVE_SPACING = Duration.ofMillis(250);
    /** The live job's match window: sides are flagged, and resolved by late counterparts, within minutes. */
    static final Duration LIVE_MATCH_WINDOW = Duration.ofSeconds(30);

    // Just under the window: the trickle's event times keep up with the wall clock only on average.
    static final Duration LIVE_MAX_TIME_AHEAD = Duration.ofSeconds(25);

    static final String LIVE_STATEMENT_PERIOD = "1m";

    /**
     * {@code --keep-running}: the job again, unbounded, on a trickle of generated traffic whose event
     * time is the wall clock (issue 23, item 1): sides flagged as their deadlines pass, late
     * counterparts resolving them, a statement per minute as periods close, and the job's metrics
     * served while it runs. It reads the input topic from where the demo's run ended (its group's
     * offsets are set to the topic's end first, so nothing is read twice or skipped) and writes to
     * the same output topics. Then a banner of what listens where, as read from the process's sockets.
     */
    private void keepRunning(
            Session session, LocalFlink flink, JobConfig demo, String bootstrap, int kafkaController, String run)
            throws Exception {
        String group = "demo-" + run + "-live";
        JobConfig live = JobConfig.parse(
                JobOptions.BOOTSTRAP_SERVERS,
                bootstrap,
                JobOptions.INPUT_TOPIC,
                demo.inputTopic,
                JobOptions.RECONCILED_TOPIC,
                demo.reconciledTopic,
                JobOptions.EXCEPTIONS_TOPIC,
                demo.exceptionsTopic,
                JobOptions.STATEMENTS_TOPIC,
                demo.statementsTopic,
                JobOptions.SKIP_PREFLIGHT,
                JobOptions.STARTING_OFFSETS,
                "committed",
                JobOptions.GROUP_ID,
                group,
                JobOptions.TRANSACTIONAL_ID_PREFIX,
                group,
                JobOptions.PARALLELISM,
                "2",
                JobOptions.CHECKPOINT_INTERVAL,
                "2s",
                JobOptions.MATCH_WINDOW,
                DurationCodec.format(LIVE_MATCH_WINDOW),
                // The future guard must be shorter than the window (a fast clock could flag every pair).
                JobOptions.MAX_TIME_AHEAD,
                DurationCodec.format(LIVE_MAX_TIME_AHEAD),
                JobOptions.STATEMENT_PERIOD,
                LIVE_STATEMENT_PERIOD);
        EmbeddedKafka.commitEndOffsets(bootstrap, group, demo.inputTopic);
        StreamExecutionEnvironment env = flink.environment();
        env.setParallelism(live.parallelism);
        new ReconciliationJob(live).build(env);
        JobClient job = env.executeAsync(ReconciliationJob.JOB_NAME);
        session.register(() -> job.cancel().get(10, java.util.concurrent.TimeUnit.SECONDS));
        LiveTrickle trickle =
                session.register(LiveTrickle.start(bootstrap, demo.inputTopic, LIVE_SPACING, LIVE_MATCH_WINDOW));
        System.out.println();
        System.out.println("Live: the job runs on (RUNNING, job id " + job.getJobID() + ") with a trickle of generated"
                + " traffic into '" + demo.inputTopic + "':");
        System.out.println("  one order every " + DurationCodec.format(LIVE_SPACING) + " with every kind of anomaly,"
                + " event times from now on, near the wall clock; match window "
                + DurationCodec.format(LIVE_MATCH_WINDOW) + ", statements of "
                + LIVE_STATEMENT_PERIOD + " periods as they close; output to the same topics.");
        System.out.println("Listening (this process, read from its sockets):");
        listenerLines(Listeners.ofThisProcess(), flink, bootstrap, kafkaController)
                .forEach(System.out::println);
        System.out.println(
                "Press Ctrl-C to stop: the job, Flink and Kafka stop, and " + session.dir() + " is removed.");
    }

    /** A line per listening socket, named where it is known, each saying on which interfaces. */
    static List<String> listenerLines(
            List<Listeners.Listener> listeners, LocalFlink flink, String bootstrap, int kafkaController) {
        List<String> lines = new ArrayList<>();
        int web = java.net.URI.create(flink.webUi()).getPort();
        int prometheus = flink.prometheusPort();
        int kafka = Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1));
        for (Listeners.Listener l : listeners) {
            String what = l.port() == web
                    ? "Flink web UI and REST API, " + flink.webUi()
                    : l.port() == prometheus
                            ? "Prometheus metrics (Flink's reporter), " + flink.prometheusMetrics()
                            : l.port() == kafka
                                    ? "Kafka broker, " + bootstrap
                                    : l.port() == kafkaController
                                            ? "Kafka's KRaft controller (the broker's own)"
                                            : kafkaController > 0
                                                    ? "Flink, internal (blob server, RPC)"
                                                    : "Kafka or Flink, internal";
            lines.add(String.format("  %-34s %s", l.describe(), what));
        }
        if (lines.isEmpty()) {
            lines.add("  (not known: no /proc) web UI " + flink.webUi() + ", metrics " + flink.prometheusMetrics()
                    + ", Kafka " + bootstrap);
        }
        return lines;
    }

    /** What the progress lines are made of: the job's status and what its output topics hold so far. */
    interface Progress {
        JobStatus status() throws Exception;

        /** Polls the output topics once: {reconciled, exceptions} read so far. */
        int[] poll();

        /** Reads the output topics to their end: the final {reconciled, exceptions}. */
        int[] readToEnd();

        double seconds();
    }

    /**
     * Prints a progress line per poll until the job ends, and returns how it ended. The last line
     * is printed only after the topics were read to their end, so that it shows the final counts
     * (the summary's), not what the reader had caught up with when the job finished.
     */
    static JobStatus followProgress(Progress progress, PrintStream out) throws Exception {
        JobStatus status = progress.status();
        int[] counts = {0, 0};
        while (!status.isGloballyTerminalState()) {
            counts = progress.poll();
            status = progress.status();
            if (!status.isGloballyTerminalState()) {
                out.println(progressLine(progress.seconds(), status, counts));
            }
        }
        if (status == JobStatus.FINISHED) {
            counts = progress.readToEnd();
        }
        out.println(progressLine(progress.seconds(), status, counts));
        return status;
    }

    static String progressLine(double seconds, JobStatus status, int[] counts) {
        return String.format(
                "[%5.1fs] %-9s reconciled %,8d   exceptions %,7d   (committed, read_committed)",
                seconds, status, counts[0], counts[1]);
    }

    private static Map<String, Integer> countByType(List<ConsumerRecord<byte[], byte[]>> exceptions) throws Exception {
        return countValuesByType(exceptions.stream().map(ConsumerRecord::value).toList());
    }

    /** Exception records (JSON) counted by type, RESOLVED ones under "TYPE (RESOLVED)". */
    static Map<String, Integer> countValuesByType(List<byte[]> exceptions) throws java.io.IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> byType = new TreeMap<>();
        for (byte[] value : exceptions) {
            var node = json.readTree(value);
            String key = node.get("type").asText()
                    + ("RESOLVED".equals(node.get("state").asText()) ? " (RESOLVED)" : "");
            byType.merge(key, 1, Integer::sum);
        }
        return byType;
    }

    /**
     * How the summary's UNMATCHED_* counts relate to the statements' and the scenario's (issue 23,
     * item 5): a side is counted OPEN when its deadline passes and again as RESOLVED when its
     * counterpart comes later; a statement counts both states; and more sides pass their deadline
     * than the scenario planned unmatched (late counterparts, sides of other scenarios).
     */
    static final String UNMATCHED_NOTE =
            "    UNMATCHED_*: OPEN when a side's deadline passed, RESOLVED when its counterpart"
                    + " came later; a statement counts both; late counterparts and other scenarios' sides add to the"
                    + " scenario's unmatched orders";

    /**
     * One line per exception type, every type of the contract in its order (zeros included, so that
     * v3's KIND_MISMATCH, OVER_REFUND and ORDER_OVERFLOW show even when the run had none), then the
     * RESOLVED counts of the types that resolve.
     */
    static List<String> exceptionLines(Map<String, Integer> byType) {
        List<String> lines = new ArrayList<>();
        for (ExceptionType type : ExceptionType.values()) {
            lines.add(String.format("    %-30s %,7d", type.name(), byType.getOrDefault(type.name(), 0)));
            Integer resolved = byType.get(type.name() + " (RESOLVED)");
            if (resolved != null) {
                lines.add(String.format("    %-30s %,7d", type.name() + " (RESOLVED)", resolved));
            }
        }
        // Anything the contract does not name (a newer job) still shows.
        byType.forEach((key, n) -> {
            String type = key.replace(" (RESOLVED)", "");
            if (Arrays.stream(ExceptionType.values()).noneMatch(t -> t.name().equals(type))) {
                lines.add(String.format("    %-30s %,7d", key, n));
            }
        });
        return lines;
    }

    /** Finance's view: each period's statement as the topic holds it (the last revision is the figure). */
    private static void printStatements(JobConfig config, List<ConsumerRecord<byte[], byte[]>> statements) {
        System.out.println();
        System.out.printf(
                "Statements (%s periods, UTC) -> topic '%s': %d%n",
                DurationCodec.format(config.statementPeriod.duration()), config.statementsTopic, statements.size());
        for (ConsumerRecord<byte[], byte[]> r : statements) {
            System.out.println("  " + new String(r.value(), StandardCharsets.UTF_8));
        }
        System.out.println("Finance's report of them (HTML + CSV): bin/payrecon report --from DAY --to DAY --out DIR"
                + " (io.payrecon.report.StatementReport; with --keep-running, add --bootstrap-servers of this Kafka)");
    }

    private static void printSummary(
            JobConfig config,
            String bootstrap,
            long eventsIn,
            int reconciled,
            Map<String, Integer> exceptions,
            double seconds) {
        System.out.println();
        System.out.println("Summary");
        System.out.printf("  events in      %,9d   (drained in %.1f s)%n", eventsIn, seconds);
        System.out.printf("  reconciled     %,9d   -> topic '%s'%n", reconciled, config.reconciledTopic);
        System.out.printf(
                "  exceptions     %,9d   -> topic '%s'%n",
                exceptions.values().stream().mapToInt(Integer::intValue).sum(), config.exceptionsTopic);
        exceptionLines(exceptions).forEach(System.out::println);
        System.out.println(UNMATCHED_NOTE);
        System.out.println();
        System.out.println("Where to look");
        System.out.println("  Read the output as a downstream service would (with --keep-running, or your own Kafka):");
        System.out.println("    kcat -b " + bootstrap + " -C -t " + config.exceptionsTopic
                + " -X isolation.level=read_committed -e");
        System.out.println("    kcat -b " + bootstrap + " -C -t " + config.reconciledTopic
                + " -X isolation.level=read_committed -e -c 5");
        System.out.println(
                "  Metrics per operator in the web UI: events_in, reconciled, exceptions.type.<TYPE>.state.<STATE>.count,");
        System.out.println("  duplicates_dropped, event_id_conflicts, late_events, open_pairs, unmatched_open,");
        System.out.println("  match_latency_ms; on 'Statement periods': statement_revisions.");
    }
}
