package io.payrecon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.generator.GeneratedRecord;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficSpec;
import io.payrecon.job.ContractModel;
import io.payrecon.job.ReferenceOutput;
import io.payrecon.job.config.JobConfig;
import io.payrecon.local.TopicReader;
import io.payrecon.metrics.PrometheusServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 21, item 1, on the real cluster: a checkpoint completes, its Kafka transactions wait to be
 * committed (held by the test-only {@code --commit-hold-file}), the TaskManager is killed in that
 * window and stays down until the broker has aborted the transactions (a 10 s
 * {@code --transaction-timeout}). On recovery Kafka refuses the commit: that checkpoint's output is
 * gone from all three topics. It must not be silent: the alert {@code ReconOutputLost} fires in a
 * real Prometheus evaluating the project's rules, the log names the topic and the checkpoint, the
 * input ledger names the offsets that output came from, and the records missing from the topics
 * (against the uninterrupted reference) are what the test reports as lost, with nothing extra.
 */
class LostOutputIT {
    private static final Pattern LOST =
            Pattern.compile("LOST OUTPUT: topic (\\S+) lost the records of checkpoint (\\d+)");

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = new LocalClusterExtension("cluster-lost-it", false);

    @Test
    void anExpiredTransactionIsLoudAndNamesWhatWasLost() throws Exception {
        LocalCluster cluster = CLUSTER.get();
        Path jar = Path.of(System.getProperty("job.jar", "target/payment-reconciliation.jar"));
        Path hold = cluster.runDir.resolve("hold-commits");
        List<GeneratedRecord> traffic = TrafficGenerator.generate(TrafficSpec.builder()
                        .orders(3_000)
                        .seed(41)
                        .allAnomalies(0.02)
                        .build())
                .records();
        String prefix = "lost-it";
        String[] flags = ClusterTraffic.jobFlags(
                prefix,
                "2s",
                "--idleness",
                "0",
                "--parallelism",
                "1",
                "--transaction-timeout",
                "10s",
                "--commit-hold-file",
                hold.toString());
        List<String> reporters = IntStream.rangeClosed(19249, 19259)
                .mapToObj(p -> "127.0.0.1:" + p)
                .collect(Collectors.toList());
        int half = traffic.size() / 2;
        try (ClusterTraffic producer = new ClusterTraffic();
                PrometheusServer prometheus = PrometheusServer.start(cluster.runDir.resolve("prometheus"), reporters);
                Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalCluster.BOOTSTRAP));
                TopicReader reconciled = new TopicReader(LocalCluster.BOOTSTRAP, "reconciled");
                TopicReader exceptions = new TopicReader(LocalCluster.BOOTSTRAP, "exceptions")) {
            producer.produce(traffic.subList(0, half));
            String job = cluster.submit(ClusterTraffic.args(jar.toString(), flags));
            LocalCluster.await(
                    Duration.ofMinutes(2),
                    "committed output",
                    () -> reconciled.poll(Duration.ofMillis(100)).size() > 100);

            // The window between a completed checkpoint and its commit, held open while records flow.
            Files.createFile(hold);
            producer.produce(traffic.subList(half, traffic.size()));
            LocalCluster.await(
                    Duration.ofMinutes(2),
                    "a commit held",
                    () -> logLines(cluster).anyMatch(l -> l.contains("Commits held while")));
            long held = cluster.latestCompletedCheckpoint(job);
            cluster.ops("ops/taskmanager-kill.sh");
            // Down until the broker has aborted every transaction of the job: the timeout passed.
            LocalCluster.await(
                    Duration.ofMinutes(2),
                    "the broker to abort the job's open transactions",
                    () -> openTransactions(admin, prefix) == 0);
            Files.delete(hold);
            cluster.ops("ops/taskmanager-start.sh");

            LocalCluster.await(
                    Duration.ofMinutes(3), "ReconOutputLost firing", () -> prometheus.firing("ReconOutputLost"));
            Map<String, Long> lostCheckpoints = new HashMap<>();
            logLines(cluster).forEach(l -> {
                Matcher m = LOST.matcher(l);
                if (m.find()) {
                    lostCheckpoints.put(m.group(1), Long.parseLong(m.group(2)));
                }
            });
            assertThat(lostCheckpoints)
                    .as("the log names each topic that lost records")
                    .isNotEmpty();
            assertThat(Set.copyOf(lostCheckpoints.values()))
                    .as("and the checkpoint whose commit was held")
                    .containsExactly(held);
            assertThat(logLines(cluster))
                    .as("the input ledger names where that checkpoint's input ended")
                    .anyMatch(l -> l.contains("Input read at checkpoint " + held + ":"));

            producer.pushEventTimePast(traffic);
            JobConfig config = JobConfig.parse(flags);
            ReferenceOutput expected = producer.expected(ClusterTraffic.arrivals(), config);
            long checkpoints = cluster.completedCheckpoints(job);
            LocalCluster.await(
                    Duration.ofMinutes(2),
                    "two more checkpoints",
                    () -> cluster.completedCheckpoints(job) >= checkpoints + 2);
            // As the other cluster tests compare: field by field but the free-text detail.
            List<String> gotReconciled =
                    ContractModel.comparable(ClusterTraffic.texts(reconciled.readToEnd(Duration.ofMinutes(2))));
            List<String> gotExceptions =
                    ContractModel.comparable(ClusterTraffic.texts(exceptions.readToEnd(Duration.ofMinutes(2))));
            List<String> wantReconciled = ContractModel.comparable(expected.reconciled);
            List<String> wantExceptions = ContractModel.comparable(expected.exceptions);
            List<String> missing = minus(wantReconciled, gotReconciled);
            missing.addAll(minus(wantExceptions, gotExceptions));
            assertThat(minus(gotReconciled, wantReconciled)).as("nothing extra").isEmpty();
            assertThat(minus(gotExceptions, wantExceptions)).as("nothing extra").isEmpty();
            assertThat(missing)
                    .as("the lost checkpoint's records are really gone")
                    .isNotEmpty();
            System.out.printf(
                    "Lost with checkpoint %d (topics %s): %d records, e.g. %s%n",
                    held, lostCheckpoints.keySet(), missing.size(), missing.get(0));
            cluster.ops("ops/flink", "cancel", job);
        }
    }

    /** {@code a} without one occurrence of each element of {@code b}. */
    private static List<String> minus(List<String> a, List<String> b) {
        Map<String, Integer> left = new HashMap<>();
        b.forEach(x -> left.merge(x, 1, Integer::sum));
        List<String> out = new ArrayList<>();
        for (String x : a) {
            if (left.getOrDefault(x, 0) > 0) {
                left.merge(x, -1, Integer::sum);
            } else {
                out.add(x);
            }
        }
        return out;
    }

    private static long openTransactions(Admin admin, String prefix) {
        try {
            return admin
                    .listTransactions(new ListTransactionsOptions()
                            .filterStates(List.of(
                                    TransactionState.ONGOING,
                                    TransactionState.PREPARE_COMMIT,
                                    TransactionState.PREPARE_ABORT)))
                    .all()
                    .get()
                    .stream()
                    .map(TransactionListing::transactionalId)
                    .filter(id -> id.startsWith(prefix))
                    .count();
        } catch (Exception e) {
            return -1;
        }
    }

    /** Every line of every log of the cluster's processes. */
    private static Stream<String> logLines(LocalCluster cluster) {
        try (Stream<Path> logs = Files.list(cluster.runDir.resolve("logs"))) {
            List<String> lines = new ArrayList<>();
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).collect(Collectors.toList())) {
                lines.addAll(Files.readAllLines(log));
            }
            return lines.stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
