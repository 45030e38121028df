package io.payrecon.upgrade;

import io.payrecon.cli.Cli;
import io.payrecon.cli.KafkaClientOptions;
import io.payrecon.cli.UsageException;
import io.payrecon.job.config.JobOptions;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Pre-upgrade check for contract v3: reads a sample of the input topic and reports the records that
 * v3 reads differently from v2, because a producer already sends a field named {@code movement_id},
 * {@code kind} or {@code fee} (v2 ignored them). Prints counts per reason and a few positions, never
 * a value.
 */
@Command(
        sortOptions = false,
        description = {
            "Reads up to --max-records records of the input topic (read_committed, from the earliest offset",
            "of each partition) and reports those that contract v3 reads differently from v2: records that",
            "become malformed, and records whose movement_id, kind or fee change how they pair. Positions",
            "only (partition/offset), never a value.",
            ""
        },
        footerHeading = "%n",
        footer = "Exit status: 0 nothing differs, 1 some records differ, 2 bad command line, 3 the topic could"
                + " not be read.")
public final class V3Readiness {
    static final int EXIT_DIFFERS = 1;
    static final int EXIT_UNREADABLE = 3;

    static final String BOOTSTRAP_SERVERS = "--bootstrap-servers";
    static final String TOPIC = "--topic";
    static final String MAX_RECORDS = "--max-records";
    static final String DEADLINE = "--deadline";

    @Option(
            names = BOOTSTRAP_SERVERS,
            paramLabel = "HOST:PORT[,...]",
            required = true,
            description = "the Kafka cluster to read")
    private String bootstrapServers;

    @Option(
            names = TOPIC,
            paramLabel = "NAME",
            defaultValue = JobOptions.DEFAULT_INPUT_TOPIC,
            description = "the job's input topic (default: ${DEFAULT-VALUE})")
    private String topic;

    @Option(
            names = MAX_RECORDS,
            paramLabel = "N",
            defaultValue = "10000",
            description = "records to read at most, over all partitions (default: ${DEFAULT-VALUE})")
    private long maxRecords;

    @Option(
            names = DEADLINE,
            paramLabel = "DURATION",
            defaultValue = "60s",
            description = "stop reading after this long, with what was read (default: ${DEFAULT-VALUE})")
    private Duration deadline;

    @Mixin
    private KafkaClientOptions kafka;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "print this help and exit")
    private boolean help;

    private V3Readiness() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line; returns the exit status instead of exiting. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        V3Readiness command = new V3Readiness();
        CommandLine cl = Cli.commandLine(command, "V3Readiness");
        if (Cli.helpRequested(args)) {
            out.print(cl.getUsageMessage(CommandLine.Help.Ansi.OFF));
            return 0;
        }
        Map<String, Object> consumerSettings;
        try {
            Cli.parse(cl, args);
            consumerSettings = command.consumerSettings();
        } catch (UsageException e) {
            return Cli.usageError(e, err);
        }
        ReadinessReport report;
        try {
            report = command.read(consumerSettings, out);
        } catch (KafkaException | IllegalStateException e) {
            err.println("error: cannot read topic '" + command.topic + "' at " + command.bootstrapServers + ": "
                    + e.getClass().getSimpleName());
            return EXIT_UNREADABLE;
        }
        report.lines().forEach(out::println);
        return report.differing() == 0 ? 0 : EXIT_DIFFERS;
    }

    /** The consumer's settings: the user's, then the ones this check cannot work without. */
    private Map<String, Object> consumerSettings() {
        if (bootstrapServers.isBlank()) {
            throw new UsageException(BOOTSTRAP_SERVERS + ": must not be empty");
        }
        if (maxRecords < 1) {
            throw new UsageException(MAX_RECORDS + ": must be 1 or more, got " + maxRecords);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new UsageException(DEADLINE + ": must be positive");
        }
        Map<String, Object> settings = new HashMap<>(kafka.properties());
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        // What the job reads: committed records only. No group: partitions are assigned, nothing is committed.
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        return settings;
    }

    private ReadinessReport read(Map<String, Object> settings, PrintStream out) {
        long until = System.nanoTime() + deadline.toNanos();
        ReadinessReport report = new ReadinessReport();
        V3Reading reading = new V3Reading();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(until));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("no such topic");
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // The end as it is now (the last stable offset, read_committed): later records are not waited for.
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, remaining(until));
            boolean deadlinePassed = false;
            while (report.records() < maxRecords && !atEnd(consumer, ends, until)) {
                if (System.nanoTime() >= until) {
                    deadlinePassed = true;
                    break;
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (report.records() >= maxRecords) {
                        break;
                    }
                    Set<V3Difference> differences = r.value() == null ? Set.of() : reading.differences(r.value());
                    report.add(r.partition(), r.offset(), differences);
                }
            }
            out.println("read " + report.records() + " records of topic '" + topic + "' (" + partitions.size()
                    + " partitions, from the earliest offsets, read_committed)"
                    + (deadlinePassed ? "; stopped at " + DEADLINE + " before the end" : ""));
        }
        return report;
    }

    private static boolean atEnd(KafkaConsumer<?, ?> consumer, Map<TopicPartition, Long> ends, long until) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey(), remaining(until)) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private static Duration remaining(long untilNanos) {
        return Duration.ofNanos(Math.max(1_000_000L, untilNanos - System.nanoTime()));
    }
}
