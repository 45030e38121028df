package io.payrecon.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.payrecon.generator.GeneratedRecord;
import io.payrecon.generator.Scenario;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficSpec;
import io.payrecon.job.OutputSchemas;
import io.payrecon.job.RecordDiff;
import io.payrecon.job.ReferenceOutput;
import io.payrecon.job.ReferenceStatements;
import io.payrecon.job.config.JobConfig;
import io.payrecon.local.TopicReader;
import io.payrecon.model.EventType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The README's "Upgrading from 2.0 to 3.0" on a real cluster, through Flink's CLI, with traffic in
 * flight: release 2.0 (built from this repository's history) runs on contract v2 traffic, stops with
 * a savepoint while pairs are open, and this build resumes from it at twice the parallelism while v2
 * traffic goes on and orders
 * with many movements (payments, refunds, fees, a double refund) begin. The three topics, read with
 * read_committed, must hold what one uninterrupted v3 run would: nothing lost, nothing twice, the
 * pairs open at the upgrade matched or flagged as before. Records 2.0 wrote lack v3's fields, so
 * they are compared on v2's; everything 3.0 wrote is compared whole.
 */
class ReleaseUpgradeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> V3_FIELDS =
            Set.of("movement_id", "kind", "fee", "reversal_count", "reversal_amount", "fee_amount");

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = new LocalClusterExtension("cluster-release-upgrade-it", false);

    @Test
    void release20UpgradesTo30WithTrafficInFlight() throws Exception {
        LocalCluster cluster = CLUSTER.get();
        Path top = Path.of("").toAbsolutePath();
        assumeTrue(
                PreviousRelease.available(PreviousRelease.RELEASE_2_0, top),
                "release 2.0's commit " + PreviousRelease.RELEASE_2_0
                        + " is not in this clone's history (a shallow clone?): fetch it, or give"
                        + " -Dprevious.release.jar=JAR");
        Path release20 = PreviousRelease.jar(PreviousRelease.RELEASE_2_0, top);
        Path release30 = Path.of(System.getProperty("job.jar", "target/payment-reconciliation.jar"));
        assertThat(release30).exists();
        List<GeneratedRecord> v2 = v2Only(TrafficGenerator.generate(
                        TrafficSpec.builder().orders(2_000).seed(30).build())
                .records());
        int a = v2.size() / 2;
        int b = v2.size() * 3 / 4;
        List<GeneratedRecord> movements = movementOrders(v2.get(a).eventTime(), 40);
        List<GeneratedRecord> all = new ArrayList<>(v2);
        all.addAll(movements);
        // Both releases quote malformed input alike (3.0's default is redacted, 2.0's full).
        String[] flags = ClusterTraffic.jobFlags("release-upgrade-it", "1s", "--malformed-raw", "full");

        try (ClusterTraffic producer = new ClusterTraffic();
                TopicReader reconciled = new TopicReader(LocalCluster.BOOTSTRAP, "reconciled");
                TopicReader exceptions = new TopicReader(LocalCluster.BOOTSTRAP, "exceptions");
                TopicReader statements = new TopicReader(LocalCluster.BOOTSTRAP, "statements")) {
            producer.produce(v2.subList(0, a));
            // One subtask at first, as the README's runbook starts a job; the upgrade rescales it to two.
            String old = cluster.submit(ClusterTraffic.args(release20.toString(), flags, "--parallelism", "1"));
            LocalCluster.await(
                    Duration.ofMinutes(2),
                    "release 2.0's output",
                    () -> reconciled.poll(Duration.ofMillis(100)).size() > 100);
            String savepoint = cluster.stopWithSavepoint(old);

            producer.produce(v2.subList(a, b)); // while no job runs
            producer.produce(movements);
            String upgraded = cluster.submit(
                    ClusterTraffic.args("-s", savepoint, release30.toString(), flags, "--parallelism", "2"));
            producer.produce(v2.subList(b, v2.size()));
            producer.pushEventTimePast(all);

            JobConfig config = JobConfig.parse(flags);
            ReferenceOutput expected = producer.expected(ClusterTraffic.arrivals(), config);
            try {
                LocalCluster.await(
                        Duration.ofMinutes(3),
                        "every expected record",
                        () -> reconciled.poll(Duration.ofMillis(100)).size() >= expected.reconciled.size()
                                && exceptions.poll(Duration.ofMillis(100)).size() >= expected.exceptions.size());
                long checkpoints = cluster.completedCheckpoints(upgraded);
                LocalCluster.await(
                        Duration.ofMinutes(1),
                        "two more checkpoints",
                        () -> cluster.completedCheckpoints(upgraded) >= checkpoints + 2);
            } catch (AssertionError timedOut) {
                // What is missing says more than the time-out: compare what the topics hold.
                assertWrittenByBothReleases(
                        "reconciled",
                        ClusterTraffic.texts(reconciled.readToEnd(Duration.ofMinutes(1))),
                        expected.reconciled);
                assertWrittenByBothReleases(
                        "exceptions",
                        ClusterTraffic.texts(exceptions.readToEnd(Duration.ofMinutes(1))),
                        expected.exceptions);
                throw timedOut;
            }
            List<String> gotReconciled = ClusterTraffic.texts(reconciled.readToEnd(Duration.ofMinutes(1)));
            List<String> gotExceptions = ClusterTraffic.texts(exceptions.readToEnd(Duration.ofMinutes(1)));

            assertWrittenByBothReleases("reconciled", gotReconciled, expected.reconciled);
            assertWrittenByBothReleases("exceptions", gotExceptions, expected.exceptions);
            assertThat(gotExceptions)
                    .as("the double refunds that began after the upgrade")
                    .anyMatch(e -> e.contains("\"type\":\"OVER_REFUND\""));
            assertThat(gotReconciled)
                    .as("refunds pair as movements of their own")
                    .anyMatch(r -> r.contains("\"kind\":\"refund\""));

            Map<String, JsonNode> reference = ReferenceStatements.of(expected, config.statementPeriod.millis());
            LocalCluster.await(
                    Duration.ofMinutes(3),
                    "a statement of every period",
                    () -> ReferenceStatements.periods(ClusterTraffic.texts(statements.poll(Duration.ofMillis(100))))
                            .containsAll(reference.keySet()));
            Map<String, JsonNode> latest =
                    ReferenceStatements.latest(ClusterTraffic.texts(statements.readToEnd(Duration.ofMinutes(1))));
            assertThat(latest.keySet()).isEqualTo(reference.keySet());
            for (Map.Entry<String, JsonNode> period : latest.entrySet()) {
                JsonNode want = reference.get(period.getKey());
                assertThat(writtenBy30(period.getValue()) ? period.getValue() : withoutV3(period.getValue()))
                        .as("the latest statement of " + period.getKey())
                        .isEqualTo(writtenBy30(period.getValue()) ? want : withoutV3(want));
            }
            cluster.ops("ops/flink", "cancel", upgraded);
        }
    }

    /**
     * Each record 2.0 wrote equals an expected record on v2's fields; each record 3.0 wrote equals one
     * whole; together they are the expected records, each once.
     */
    private static void assertWrittenByBothReleases(String topic, List<String> got, List<String> expected)
            throws IOException {
        List<String> by20 = got.stream().filter(r -> !writtenBy30(parse(r))).collect(Collectors.toList());
        List<String> by30 = got.stream().filter(r -> writtenBy30(parse(r))).collect(Collectors.toList());
        assertThat(by20).as(topic + " written by 2.0").isNotEmpty();
        assertThat(by30).as(topic + " written by 3.0").isNotEmpty();
        OutputSchemas.assertConform(
                topic.equals("reconciled") ? OutputSchemas.RECONCILED : OutputSchemas.EXCEPTIONS, by30);
        RecordDiff.assertSameRecords(topic + ", on v2's fields", projected(got), projected(expected));
        List<String> expectedWhole =
                expected.stream().map(r -> canonical(withoutDetail(parse(r)))).collect(Collectors.toList());
        for (String record : by30) {
            assertThat(expectedWhole.remove(canonical(withoutDetail(parse(record)))))
                    .as(topic + ": 3.0 wrote a record one uninterrupted v3 run writes: " + record)
                    .isTrue();
        }
    }

    /** The model writes no detail sentence (the job's own wording): compared without it. */
    private static JsonNode withoutDetail(JsonNode record) {
        ObjectNode copy = record.deepCopy();
        copy.remove("detail");
        return copy;
    }

    private static List<String> projected(List<String> records) {
        return records.stream()
                .map(r -> canonical(withoutDetail(withoutV3(parse(r)))))
                .sorted()
                .collect(Collectors.toList());
    }

    private static boolean writtenBy30(JsonNode record) {
        return record.has("movement_id") || record.has("kind") || hasV3Figures(record);
    }

    private static boolean hasV3Figures(JsonNode statement) {
        JsonNode currencies = statement.get("currencies");
        if (currencies == null || !currencies.fieldNames().hasNext()) {
            return statement.has("period_start") && !statement.has("currencies");
        }
        return currencies.elements().next().has("reversal_count");
    }

    private static JsonNode withoutV3(JsonNode record) {
        ObjectNode copy = record.deepCopy();
        copy.remove(V3_FIELDS);
        JsonNode currencies = copy.get("currencies");
        if (currencies != null) {
            currencies.elements().forEachRemaining(c -> ((ObjectNode) c).remove(V3_FIELDS));
        }
        return copy;
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static String canonical(JsonNode node) {
        try {
            return JSON.writeValueAsString(JSON.treeToValue(node, Object.class));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Contract v2 traffic: orders with any v3 field left out, whatever the generator's mix. */
    private static List<GeneratedRecord> v2Only(List<GeneratedRecord> traffic) {
        Set<String> v3Orders = traffic.stream()
                .filter(r -> r.orderId() != null)
                .filter(r -> {
                    String value = r.valueAsString();
                    return value.contains("\"movement_id\"") || value.contains("\"kind\"") || value.contains("\"fee\"");
                })
                .map(GeneratedRecord::orderId)
                .collect(Collectors.toSet());
        return traffic.stream()
                .filter(r -> r.orderId() == null || !v3Orders.contains(r.orderId()))
                .collect(Collectors.toList());
    }

    /**
     * Orders that begin after the upgrade, each with a payment of 100.00 EUR (its credit net of a 2.90
     * fee), a refund of 30.00, and every fourth one a second refund of 80.00 that takes it over. Their
     * times lie within the v2 traffic produced with them, 10 ms apart: events later in Kafka than the
     * out-of-orderness bound allows would be late (rule 10), which one uninterrupted run need not match.
     */
    private static List<GeneratedRecord> movementOrders(long from, int orders) {
        List<GeneratedRecord> records = new ArrayList<>();
        for (int i = 0; i < orders; i++) {
            String order = "upgrade-v3-" + i;
            long t = from + i * 10L;
            records.add(side(order, "d-pay", EventType.DEBIT, "pay", "payment", "100.00", null, t));
            records.add(side(order, "c-pay", EventType.CREDIT, "pay", "payment", "97.10", "2.90", t + 1));
            records.add(side(order, "d-re1", EventType.DEBIT, "re1", "refund", "30.00", null, t + 2));
            records.add(side(order, "c-re1", EventType.CREDIT, "re1", "refund", "30.00", null, t + 3));
            if (i % 4 == 0) {
                records.add(side(order, "d-re2", EventType.DEBIT, "re2", "refund", "80.00", null, t + 4));
                records.add(side(order, "c-re2", EventType.CREDIT, "re2", "refund", "80.00", null, t + 5));
            }
        }
        return records;
    }

    private static GeneratedRecord side(
            String order, String id, EventType type, String movement, String kind, String amount, String fee, long t) {
        String eventId = order + "-" + id;
        String value = "{\"event_id\":\"" + eventId + "\",\"order_id\":\"" + order + "\",\"type\":\"" + type.wireName()
                + "\",\"amount\":\"" + amount + "\",\"currency\":\"EUR\",\"event_time\":" + t
                + ",\"movement_id\":\"" + movement + "\",\"kind\":\"" + kind + "\""
                + (fee == null ? "" : ",\"fee\":\"" + fee + "\"") + "}";
        return new GeneratedRecord(
                order,
                order,
                eventId,
                t,
                value.getBytes(StandardCharsets.UTF_8),
                Scenario.MATCHED,
                type,
                amount,
                "EUR",
                null);
    }
}
