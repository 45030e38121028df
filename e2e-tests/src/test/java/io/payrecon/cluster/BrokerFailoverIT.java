package io.payrecon.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.generator.GeneratedRecord;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficSpec;
import io.payrecon.job.OutputSchemas;
import io.payrecon.job.ReferenceOutput;
import io.payrecon.job.config.JobConfig;
import io.payrecon.local.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 21, item 8: broker failover on a production-shaped Kafka ({@link ThreeBrokers}: three brokers,
 * replication factor 3, {@code min.insync.replicas} 2, one transaction coordinator for everything).
 * While generated traffic flows and the job commits every 2 s, the broker coordinating every
 * transaction is bounced twice: cleanly (SIGTERM, controlled shutdown) and hard (SIGKILL), each right
 * after a checkpoint completes, so a commit is in flight. The other tests run one broker with
 * replication factor 1 and cannot show this. Both record topics, read with read_committed, must
 * then equal exactly what one uninterrupted run gives (0 lost, 0 duplicated), and every statement
 * period its revisions once each.
 *
 * <p>In the suite it runs small (20,000 events, one bounce of each kind). The full run:
 * {@code mvn -B verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=BrokerFailoverIT
 * -Dfailover.events=500000 -Dfailover.bounces=3}; its figures go to target/broker-failover-report.md
 * and RELIABILITY.md.
 */
class BrokerFailoverIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = new LocalClusterExtension("cluster-failover-it", false, false);

    @Test
    void bouncingTheTransactionCoordinatorLosesNothingAndDuplicatesNothing() throws Exception {
        LocalCluster cluster = CLUSTER.get();
        int events = Integer.getInteger("failover.events", 20_000);
        int bounces = Integer.getInteger("failover.bounces", 1);
        Path jar = Path.of(System.getProperty("job.jar", "target/payment-reconciliation.jar"));
        List<GeneratedRecord> traffic = TrafficGenerator.generate(TrafficSpec.builder()
                        .orders((int) Math.ceil(events / 3.4))
                        .seed(61)
                        .allAnomalies(0.02)
                        .build())
                .records();
        // --bootstrap-servers names all three: the job's clients reach the cluster whichever is down.
        String[] flags = ClusterTraffic.jobFlags("failover-it", "2s", "--idleness", "0", "--parallelism", "2");
        flags[List.of(flags).indexOf("--bootstrap-servers") + 1] = ThreeBrokers.BOOTSTRAP;
        List<String> steps = new ArrayList<>();
        for (int b = 1; b <= bounces; b++) {
            steps.add("clean bounce #" + b);
            steps.add("hard bounce #" + b);
        }
        List<String> report = new ArrayList<>();
        report.add(
                "| bounce of the transaction coordinator | broker | back | recovered: a checkpoint triggered after it completes |");
        report.add("|---|---|---|---|");
        int chunk = traffic.size() / (steps.size() + 1);
        try (ThreeBrokers kafka = ThreeBrokers.start(cluster);
                ClusterTraffic producer = new ClusterTraffic()) {
            producer.produce(traffic.subList(0, chunk));
            String job = cluster.submit(ClusterTraffic.args(jar.toString(), flags));
            for (int i = 0; i < steps.size(); i++) {
                String step = steps.get(i);
                long checkpoint = cluster.completedCheckpoints(job);
                LocalCluster.await(
                        Duration.ofMinutes(3),
                        "a new checkpoint before: " + step,
                        () -> cluster.completedCheckpoints(job) > checkpoint);
                int coordinator = kafka.transactionCoordinator();
                long bouncedAt = System.currentTimeMillis();
                kafka.stopBroker(coordinator, step.startsWith("hard"));
                kafka.awaitBrokers(2);
                // Traffic keeps coming while one broker is away (min.insync.replicas 2 of 3).
                producer.produce(
                        traffic.subList((i + 1) * chunk, i + 1 == steps.size() ? traffic.size() : (i + 2) * chunk));
                kafka.startBroker(coordinator);
                kafka.awaitBrokers(3);
                double back = (System.currentTimeMillis() - bouncedAt) / 1e3;
                LocalCluster.await(
                        Duration.ofMinutes(5),
                        "recovery from: " + step,
                        () -> cluster.latestCheckpointTrigger(job) > bouncedAt);
                double recovered = (System.currentTimeMillis() - bouncedAt) / 1e3;
                report.add(String.format("| %s | %d | %.1f s | %.1f s |", step, coordinator, back, recovered));
            }
            producer.pushEventTimePast(traffic);

            JobConfig config = JobConfig.parse(flags);
            ReferenceOutput expected = producer.expected(ClusterTraffic.arrivals(), config);
            try (TopicReader reconciled = new TopicReader(LocalCluster.BOOTSTRAP, "reconciled");
                    TopicReader exceptions = new TopicReader(LocalCluster.BOOTSTRAP, "exceptions");
                    TopicReader statements = new TopicReader(LocalCluster.BOOTSTRAP, "statements")) {
                ClusterTraffic.Outputs got = ClusterTraffic.awaitOutputs(
                        cluster, job, reconciled, exceptions, expected, Duration.ofMinutes(5));
                expected.assertSameRecords(got.reconciled(), got.exceptions());
                OutputSchemas.assertConform(OutputSchemas.RECONCILED, got.reconciled());
                OutputSchemas.assertConform(OutputSchemas.EXCEPTIONS, got.exceptions());
                int gotStatements = ClusterTraffic.assertStatements(statements, expected, config);
                assertThat(got.reconciled()).hasSizeGreaterThan(events / 10);
                report.add("");
                report.add(String.format(
                        "%,d input records, %d clean and %d hard bounces of the broker coordinating every transaction"
                                + " (3 brokers, replication factor 3, min.insync.replicas 2): %,d reconciled, %,d"
                                + " exceptions and %,d statements read with read_committed, equal to the uninterrupted"
                                + " reference (0 lost, 0 duplicated, 0 extra).",
                        traffic.size() + ClusterTraffic.PARTITIONS,
                        bounces,
                        bounces,
                        got.reconciled().size(),
                        got.exceptions().size(),
                        gotStatements));
            }
            cluster.ops("ops/flink", "cancel", job);
        }
        Files.write(Path.of(System.getProperty("failover.report", "target/broker-failover-report.md")), report);
        report.forEach(System.out::println);
    }
}
