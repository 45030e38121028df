package io.payrecon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.generator.GeneratedRecord;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficSpec;
import io.payrecon.job.io.GapCheckingKafkaSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #21 items 2 and 3 on the real cluster, through Flink's CLI: while a job runs, a second
 * submission without {@code -s} is refused with one line (exit 2) when it uses the running job's
 * transactional id prefix (its transactions are live) or its consumer group (committed offsets),
 * and accepted with {@code --allow-fresh-start} or when {@code main} runs inside the JobManager
 * (a jar run through the REST API: the embedded executor of application mode); a restore with {@code -s} is accepted over the
 * committed offsets, and when records below the savepoint's offsets were deleted while no job ran
 * (Admin.deleteRecords), the restored job reports the gap: the source's metrics and one log line per
 * partition with its offsets.
 */
class FreshStartIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = new LocalClusterExtension("cluster-fresh-start-it", false);

    private static final String NAME = "fresh-start-it";
    private static final Pattern GAP_LINE = Pattern.compile(
            "Offset gap on reconciliation-(\\d+): the job was to read from offset (\\d+) but the partition's log"
                    + " starts at (\\d+); offsets \\d+\\.\\.\\d+ \\((\\d+) records\\)");

    @Test
    void aSecondJobIsRefusedAndARestoreOverDeletedRecordsReportsTheGap() throws Exception {
        LocalCluster cluster = CLUSTER.get();
        Path jar = Path.of(System.getProperty("job.jar", "target/payment-reconciliation.jar"));
        assertThat(jar).exists();
        List<GeneratedRecord> traffic = TrafficGenerator.generate(TrafficSpec.builder()
                        .orders(2_000)
                        .seed(2121)
                        .allAnomalies(0.02)
                        .build())
                .records();
        int half = traffic.size() / 2;
        // Checkpoints only when asked: the job's output stays in open transactions until then.
        String[] flags = flags(NAME, NAME);

        try (ClusterTraffic producer = new ClusterTraffic();
                Admin admin =
                        Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, LocalCluster.BOOTSTRAP))) {
            producer.produce(traffic.subList(0, half));
            String job = cluster.submit(ClusterTraffic.args(jar.toString(), flags, "--parallelism", "1"));
            LocalCluster.await(
                    Duration.ofMinutes(2),
                    "a live transaction of the running job",
                    () -> !live(admin).isEmpty());

            // Item 2: a second job on the running job's transactional ids.
            LocalCluster.Run samePrefix = cluster.submitRefused(
                    ClusterTraffic.args(jar.toString(), flags(NAME + "-second", NAME), "--parallelism", "1"));
            assertRefusedWithOneLine(
                    samePrefix, "error: --transactional-id-prefix: ", "transaction(s) of '" + NAME + "' are live on");

            // Item 3: offsets committed by a checkpoint of the running job (triggered: flink checkpoint)...
            cluster.ops("ops/flink", "checkpoint", job);
            LocalCluster.await(
                    Duration.ofMinutes(1),
                    "the group's committed offsets",
                    () -> !committed(admin).isEmpty());
            // ...a start without -s over them is refused,
            String[] otherPrefix = flags(NAME, NAME + "-second");
            LocalCluster.Run sameGroup =
                    cluster.submitRefused(ClusterTraffic.args(jar.toString(), otherPrefix, "--parallelism", "1"));
            assertRefusedWithOneLine(
                    sameGroup, "error: --group-id: ", "consumer group '" + NAME + "' has committed offsets");
            // ...unless the flag says it is meant.
            String meant = cluster.submit(
                    ClusterTraffic.args(jar.toString(), otherPrefix, "--allow-fresh-start", "--parallelism", "1"));
            cluster.ops("ops/flink", "cancel", meant);
            // main() inside the JobManager (a jar run through the REST API, as in application mode
            // and its run of main after a JobManager failover) is never refused: the same command.
            String insideJobManager = cluster.runThroughJobManager(jar, otherPrefix);
            assertThat(cluster.jobManagerLogLines("Not refused, main runs inside the JobManager"))
                    .anyMatch(l -> l.contains("--group-id: consumer group '" + NAME + "' has committed offsets"));
            cluster.ops("ops/flink", "cancel", insideJobManager);

            // The gap: a savepoint, then records below its offsets deleted while no job runs.
            String savepoint = cluster.stopWithSavepoint(job);
            Map<TopicPartition, Long> before = ends(admin);
            producer.produce(traffic.subList(half, traffic.size()));
            Map<TopicPartition, Long> after = ends(admin);
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            after.forEach((tp, end) -> delete.put(tp, RecordsToDelete.beforeOffset(end)));
            admin.deleteRecords(delete).all().get();
            List<TopicPartition> grown = after.keySet().stream()
                    .filter(tp -> after.get(tp) > before.get(tp))
                    .sorted((a, b) -> Integer.compare(a.partition(), b.partition()))
                    .toList();
            assertThat(grown).as("partitions written while no job ran").hasSize(ClusterTraffic.PARTITIONS);

            // A restore over the group's committed offsets is accepted (never blocked)...
            assertThat(committed(admin)).isNotEmpty();
            String restored =
                    cluster.submit(ClusterTraffic.args("-s", savepoint, jar.toString(), flags, "--parallelism", "1"));
            // ...and reports each partition it can no longer read from where it left off.
            LocalCluster.await(
                    Duration.ofMinutes(1),
                    "the offset gap metric",
                    () -> metric(cluster, restored, GapCheckingKafkaSource.GAPS_METRIC) >= grown.size());
            assertThat(metric(cluster, restored, GapCheckingKafkaSource.GAPS_METRIC))
                    .as("gaps: every partition written while no job ran")
                    .isEqualTo(grown.size());
            List<String> lines = cluster.taskManagerLogLines("Offset gap on reconciliation-");
            assertThat(lines).hasSize(grown.size());
            long lostInLines = 0;
            for (String line : lines) {
                Matcher m = GAP_LINE.matcher(line);
                assertThat(m.find()).as(line).isTrue();
                TopicPartition tp = new TopicPartition("reconciliation", Integer.parseInt(m.group(1)));
                long from = Long.parseLong(m.group(2));
                assertThat(Long.parseLong(m.group(3))).as("log start of " + tp).isEqualTo(after.get(tp));
                assertThat(from).as("restored offset of " + tp).isLessThanOrEqualTo(before.get(tp));
                assertThat(Long.parseLong(m.group(4))).isEqualTo(after.get(tp) - from);
                lostInLines += after.get(tp) - from;
            }
            long writtenWhileDown = grown.stream()
                    .mapToLong(tp -> after.get(tp) - before.get(tp))
                    .sum();
            assertThat(metric(cluster, restored, GapCheckingKafkaSource.LOST_METRIC))
                    .as("records lost")
                    .isEqualTo(lostInLines)
                    .isGreaterThanOrEqualTo(writtenWhileDown);
            cluster.ops("ops/flink", "cancel", restored);
        }
    }

    /** The job's flags with this consumer group and transactional id prefix, checkpoints every hour. */
    private static String[] flags(String group, String prefix) {
        return new String[] {
            "--bootstrap-servers",
            LocalCluster.BOOTSTRAP,
            "--statement-period",
            "1m",
            "--starting-offsets",
            "earliest",
            "--checkpoint-interval",
            "1h",
            "--group-id",
            group,
            "--transactional-id-prefix",
            prefix
        };
    }

    private static void assertRefusedWithOneLine(LocalCluster.Run run, String start, String contains) {
        assertThat(run.status()).as(run.output()).isEqualTo(2);
        List<String> errors =
                run.output().lines().filter(l -> l.startsWith("error: ")).collect(Collectors.toList());
        assertThat(errors).as(run.output()).hasSize(1);
        assertThat(errors.get(0)).startsWith(start).contains(contains);
        assertThat(run.output()).as("no stack trace").doesNotContain("\tat ");
        assertThat(run.output()).as("nothing submitted").doesNotContain("JobID");
    }

    private static long metric(LocalCluster cluster, String job, String metric) {
        try {
            return cluster.operatorMetricSum(job, "Kafka: reconciliation", metric);
        } catch (Exception e) {
            return -1;
        }
    }

    private static List<String> live(Admin admin) {
        try {
            return admin
                    .listTransactions(new ListTransactionsOptions()
                            .filterStates(List.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT)))
                    .all()
                    .get()
                    .stream()
                    .map(t -> t.transactionalId())
                    .filter(id -> id.startsWith(NAME + "-"))
                    .toList();
        } catch (Exception e) {
            return List.of();
        }
    }

    private static Map<TopicPartition, Long> committed(Admin admin) {
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(NAME)
                    .partitionsToOffsetAndMetadata()
                    .get()
                    .forEach((tp, o) -> {
                        if (o != null) {
                            offsets.put(tp, o.offset());
                        }
                    });
            return offsets;
        } catch (Exception e) {
            return Map.of();
        }
    }

    private static Map<TopicPartition, Long> ends(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < ClusterTraffic.PARTITIONS; p++) {
            latest.put(new TopicPartition("reconciliation", p), OffsetSpec.latest());
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest).all().get().forEach((tp, info) -> ends.put(tp, info.offset()));
        return ends;
    }
}
