package io.payrecon.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.payrecon.generator.GeneratedTraffic;
import io.payrecon.generator.KafkaTrafficWriter;
import io.payrecon.generator.KafkaWriteResult;
import io.payrecon.generator.Partitioning;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficSpec;
import io.payrecon.job.ConfigException;
import io.payrecon.job.JobConfig;
import io.payrecon.job.ReconciliationJob;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The README's first command: a real Kafka broker and a Flink MiniCluster (with its web UI) in this
 * process, generated traffic with every kind of anomaly, the job draining it at parallelism 2 with
 * exactly-once output, progress while it runs, and a summary of what came out and where to look.
 *
 * <p>Demo flags: {@code --orders N} (default 20000) and {@code --keep-running} (keep Kafka and the
 * web UI up after the run, until Ctrl-C). Every job flag works too; {@code --bootstrap-servers}
 * uses an existing Kafka instead of the embedded one.
 */
public final class EmbeddedDemo {
    private static final int PARTITIONS = 12;

    private EmbeddedDemo() {}

    public static void main(String[] args) throws Exception {
        int orders = 20_000;
        boolean keepRunning = false;
        List<String> jobArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--keep-running")) {
                keepRunning = true;
            } else if (args[i].equals("--orders")) {
                orders = parseOrders(i + 1 < args.length ? args[++i] : "");
            } else {
                jobArgs.add(args[i]);
            }
        }
        boolean externalKafka = jobArgs.contains("--bootstrap-servers")
                || jobArgs.stream().anyMatch(a -> a.startsWith("--bootstrap-servers="));
        String run = Long.toString(System.currentTimeMillis(), 36);
        // The demo's own settings come first; the same flag given by the user wins.
        // No preflight: the demo creates the topics itself, on the embedded broker it starts below.
        List<String> defaults = new ArrayList<>(List.of("--skip-preflight", "--bounded", "--starting-offsets", "earliest",
                "--parallelism", "2", "--checkpoint-interval", "2s", "--group-id", "demo-" + run,
                "--transactional-id-prefix", "demo-" + run));
        List<String> userArgs = new ArrayList<>(jobArgs);
        userArgs.add("--skip-preflight");
        JobConfig userConfig = ReconciliationJob.parseOrExit(userArgs.toArray(new String[0]), "EmbeddedDemo");
        if (userConfig.isFileReplay()) {
            exitWithUsage("--input-file: the demo reads Kafka; use LocalRun for a file replay");
        }
        List<String> all = mergeFlags(defaults, jobArgs);
        JobConfig config = ReconciliationJob.parseOrExit(all.toArray(new String[0]), "EmbeddedDemo");

        EmbeddedKafka kafka = null;
        String bootstrap = config.bootstrapServers;
        if (!externalKafka) {
            System.out.println("Starting Kafka (KRaft, in this process, loopback only)...");
            kafka = EmbeddedKafka.start();
            bootstrap = kafka.bootstrapServers();
            all.add("--bootstrap-servers");
            all.add(bootstrap);
            config = JobConfig.parse(all.toArray(new String[0]));
        }
        System.out.println("Kafka: " + bootstrap);
        try {
            EmbeddedKafka.createTopics(bootstrap, PARTITIONS, config.inputTopic, config.reconciledTopic, config.exceptionsTopic);
        } catch (Exception e) {
            exitWithUsage("--bootstrap-servers: cannot create the topics on " + bootstrap + ": " + e.getMessage());
        }

        TrafficSpec spec = TrafficSpec.builder()
                .orders(orders)
                .seed(System.currentTimeMillis())
                .startTime(Instant.now().minus(Duration.ofHours(1)))
                .matchWindowMillis(config.matchWindow.toMillis())
                .build();
        GeneratedTraffic traffic = TrafficGenerator.generate(spec);
        KafkaWriteResult written = KafkaTrafficWriter.writeToKafka(
                traffic, bootstrap, config.inputTopic, Partitioning.ORDER, 0);
        System.out.printf("Wrote %,d events of %,d orders to '%s' (%d partitions): %s%n",
                written.records(), orders, config.inputTopic, PARTITIONS, written.describeSpread());
        System.out.println("Orders by scenario: " + traffic.scenarioCounts());

        try (LocalFlink flink = LocalFlink.start(2)) {
            System.out.println("Flink web UI: " + flink.webUi() + "  (the job is 'payment-reconciliation')");
            StreamExecutionEnvironment env = flink.environment();
            new ReconciliationJob(config).build(env);
            JobClient job = env.executeAsync(ReconciliationJob.JOB_NAME);
            long started = System.nanoTime();
            try (TopicReader reconciled = new TopicReader(bootstrap, config.reconciledTopic);
                    TopicReader exceptions = new TopicReader(bootstrap, config.exceptionsTopic)) {
                JobStatus status = job.getJobStatus().get();
                while (!status.isGloballyTerminalState()) {
                    reconciled.poll(Duration.ofMillis(500));
                    exceptions.poll(Duration.ofMillis(500));
                    status = job.getJobStatus().get();
                    System.out.printf("[%5.1fs] %-9s reconciled %,8d   exceptions %,7d   (committed, read_committed)%n",
                            (System.nanoTime() - started) / 1e9, status, reconciled.poll(Duration.ZERO).size(),
                            exceptions.poll(Duration.ZERO).size());
                }
                if (status != JobStatus.FINISHED) {
                    System.err.println("The job ended " + status + "; see the logs in target/logs/.");
                    System.exit(1);
                }
                List<ConsumerRecord<byte[], byte[]>> ok = reconciled.readToEnd(Duration.ofMinutes(1));
                List<ConsumerRecord<byte[], byte[]>> bad = exceptions.readToEnd(Duration.ofMinutes(1));
                printSummary(config, bootstrap, written.records(), ok.size(), countByType(bad),
                        (System.nanoTime() - started) / 1e9);
            }
            if (keepRunning) {
                System.out.println("\nKafka and the web UI stay up: " + flink.webUi() + ". Press Ctrl-C to stop.");
                Thread.currentThread().join();
            }
        } finally {
            if (kafka != null) {
                kafka.close();
            }
        }
        System.exit(0); // Kafka and Flink leave non-daemon threads behind
    }

    private static int parseOrders(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // fall through to the one-line error
        }
        exitWithUsage("--orders: '" + text + "' is not a whole number of 1 or more");
        return 0;
    }

    private static void exitWithUsage(String message) {
        System.err.println("error: " + message);
        System.exit(ConfigException.EXIT_CODE);
    }

    /** Defaults, minus any flag the user gave, then the user's flags. */
    static List<String> mergeFlags(List<String> defaults, List<String> user) {
        List<String> merged = new ArrayList<>();
        for (int i = 0; i < defaults.size(); i++) {
            String flag = defaults.get(i);
            boolean hasValue = i + 1 < defaults.size() && !defaults.get(i + 1).startsWith("--");
            boolean overridden = user.stream().anyMatch(u -> u.equals(flag) || u.startsWith(flag + "="));
            if (!overridden) {
                merged.add(flag);
                if (hasValue) {
                    merged.add(defaults.get(i + 1));
                }
            }
            if (hasValue) {
                i++;
            }
        }
        merged.addAll(user);
        return merged;
    }

    private static Map<String, Integer> countByType(List<ConsumerRecord<byte[], byte[]>> exceptions) throws Exception {
        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> byType = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> r : exceptions) {
            var node = json.readTree(r.value());
            String key = node.get("type").asText() + ("RESOLVED".equals(node.get("state").asText()) ? " (RESOLVED)" : "");
            byType.merge(key, 1, Integer::sum);
        }
        return byType;
    }

    private static void printSummary(JobConfig config, String bootstrap, long eventsIn, int reconciled,
            Map<String, Integer> exceptions, double seconds) {
        System.out.println();
        System.out.println("Summary");
        System.out.printf("  events in      %,9d   (drained in %.1f s)%n", eventsIn, seconds);
        System.out.printf("  reconciled     %,9d   -> topic '%s'%n", reconciled, config.reconciledTopic);
        System.out.printf("  exceptions     %,9d   -> topic '%s'%n",
                exceptions.values().stream().mapToInt(Integer::intValue).sum(), config.exceptionsTopic);
        exceptions.forEach((type, n) -> System.out.printf("    %-30s %,7d%n", type, n));
        System.out.println();
        System.out.println("Where to look");
        System.out.println("  Read the output as a downstream service would (with --keep-running, or your own Kafka):");
        System.out.println("    kcat -b " + bootstrap + " -C -t " + config.exceptionsTopic
                + " -X isolation.level=read_committed -e");
        System.out.println("    kcat -b " + bootstrap + " -C -t " + config.reconciledTopic
                + " -X isolation.level=read_committed -e -c 5");
        System.out.println("  Metrics per operator in the web UI: events_in, reconciled, exceptions.<TYPE>,");
        System.out.println("  duplicates_dropped, late_events, open_pairs, match_latency_ms, event_time_lag_ms.");
    }
}
