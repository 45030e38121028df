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
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's upgrade runbook on a real cluster, through Flink's CLI, with traffic flowing: run
 * the job at parallelism 1, stop it with a savepoint, write more events while it is down, resume a
 * changed build (a field added to the order state, a new metric) at parallelism 2, stop again, this
 * time with {@code --drain}, write more, resume at parallelism 1. Both topics, read with read_committed, must then hold exactly
 * what one uninterrupted run produces: nothing lost, nothing twice, open pairs across the upgrades
 * matched or flagged correctly. The drain shows issue 21's fix: on an endless input the final
 * watermark is held back, so the drained savepoint resumes with every open pair and period as it
 * was (before, every open pair was flagged at the drain and every period stated a second time).
 */
class SavepointUpgradeIT {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = new LocalClusterExtension("cluster-upgrade-it", false);

    @Test
    void upgradesAndRescalesWithoutLosingOrDuplicatingARecord() throws Exception {
        LocalCluster cluster = CLUSTER.get();
        Path jar = Path.of(System.getProperty("job.jar", "target/payment-reconciliation.jar"));
        assertThat(jar).exists();
        Path nextRelease = ChangedBuild.create(jar, cluster.runDir.resolve("next-release"));
        List<GeneratedRecord> traffic = TrafficGenerator.generate(TrafficSpec.builder()
                        .orders(3_000)
                        .seed(21)
                        .allAnomalies(0.02)
                        .build())
                .records();
        int a = traffic.size() * 4 / 10;
        int b = traffic.size() * 7 / 10;
        String[] flags = ClusterTraffic.jobFlags("upgrade-it", "1s");

        try (ClusterTraffic producer = new ClusterTraffic();
                TopicReader reconciled = new TopicReader(LocalCluster.BOOTSTRAP, "reconciled");
                TopicReader exceptions = new TopicReader(LocalCluster.BOOTSTRAP, "exceptions");
                TopicReader statements = new TopicReader(LocalCluster.BOOTSTRAP, "statements")) {
            producer.produce(traffic.subList(0, a));
            String v1 = cluster.submit(ClusterTraffic.args(jar.toString(), flags, "--parallelism", "1"));
            LocalCluster.await(
                    Duration.ofMinutes(2),
                    "output of the first run",
                    () -> reconciled.poll(Duration.ofMillis(100)).size() > 100);
            String savepoint1 = cluster.stopWithSavepoint(v1);

            producer.produce(traffic.subList(a, b)); // while no job runs
            String v2 = cluster.submit(
                    ClusterTraffic.args("-s", savepoint1, nextRelease.toString(), flags, "--parallelism", "2"));
            // The web UI's metrics are fetched every few seconds: wait for the new one to show.
            LocalCluster.await(
                    Duration.ofMinutes(1),
                    "the changed build's new metric",
                    () -> cluster.metricIdsQuietly(v2, "Reconcile orders").stream()
                            .anyMatch(id -> id.endsWith(ChangedBuild.NEW_METRIC)));
            int before = reconciled.poll(Duration.ZERO).size();
            LocalCluster.await(
                    Duration.ofMinutes(2),
                    "output after the upgrade",
                    () -> reconciled.poll(Duration.ofMillis(100)).size() > before);
            String savepoint2 = cluster.stopWithSavepoint(v2, true);

            producer.produce(traffic.subList(b, traffic.size()));
            String v3 = cluster.submit(
                    ClusterTraffic.args("-s", savepoint2, nextRelease.toString(), flags, "--parallelism", "1"));

            producer.pushEventTimePast(traffic);
            JobConfig config = JobConfig.parse(flags);
            ReferenceOutput expected = producer.expected(ClusterTraffic.arrivals(), config);

            ClusterTraffic.Outputs got =
                    ClusterTraffic.awaitOutputs(cluster, v3, reconciled, exceptions, expected, Duration.ofMinutes(3));
            List<String> gotReconciled = got.reconciled();
            List<String> gotExceptions = got.exceptions();
            assertThat(gotReconciled).hasSizeGreaterThan(2_000);
            expected.assertSameRecords(gotReconciled, gotExceptions);
            assertThat(gotExceptions)
                    .as("alerts that spanned an upgrade resolve")
                    .anyMatch(e -> e.contains("\"state\":\"RESOLVED\""));
            OutputSchemas.assertConform(OutputSchemas.RECONCILED, gotReconciled);
            OutputSchemas.assertConform(OutputSchemas.EXCEPTIONS, gotExceptions);
            ClusterTraffic.assertStatements(statements, expected, config);
            assertThat(Files.list(cluster.savepoints).count()).isEqualTo(2);
            cluster.ops("ops/flink", "cancel", v3);
        }
    }
}
