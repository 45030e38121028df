package io.payrecon.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.partitioner.OrderIdPartitioner;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/** The producer partitioner on the generator's traffic: every record of an order on one partition. */
class GeneratedTrafficPartitioningTest {
    private static int murmur(String s, int partitions) {
        return Utils.toPositive(Utils.murmur2(s.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    @Test
    void keepsEveryRecordOfAGeneratedOrderOnOnePartition() {
        GeneratedTraffic traffic = TrafficGenerator.generate(
                TrafficSpec.builder().orders(2_000).allAnomalies(0.05).build());
        Map<String, Set<Integer>> partitionsByOrder = traffic.records().stream()
                .collect(Collectors.groupingBy(
                        GeneratedRecord::key,
                        Collectors.mapping(
                                r -> OrderIdPartitioner.partitionFor(r.keyBytes(), r.value(), 8), Collectors.toSet())));
        assertThat(partitionsByOrder).hasSize(2_000);
        partitionsByOrder.forEach(
                (order, partitions) -> assertThat(partitions).as(order).containsExactly(murmur(order, 8)));
        // Well-formed events need no key at all.
        for (GeneratedRecord r : traffic.records()) {
            if (!r.isMalformed()) {
                assertThat(OrderIdPartitioner.partitionFor(null, r.value(), 8)).isEqualTo(murmur(r.orderId(), 8));
            }
        }
    }
}
