package io.payrecon.partitioner;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OrderIdPartitionerTest {
    private static final String TOPIC = "reconciliation";

    static Cluster cluster(String topic, int partitions) {
        Node node = new Node(0, "localhost", 9092);
        List<PartitionInfo> infos = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            infos.add(new PartitionInfo(topic, p, node, new Node[] {node}, new Node[] {node}));
        }
        return new Cluster("test", List.of(node), infos, Set.of(), Set.of());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static int murmur(String s, int partitions) {
        return Utils.toPositive(Utils.murmur2(utf8(s))) % partitions;
    }

    @ParameterizedTest(name = "{0} partitions")
    @ValueSource(ints = {1, 2, 3, 6, 12, 64, 1000})
    void agreesWithTheDefaultPartitionerKeyedByOrderId(int partitions) {
        Cluster cluster = cluster(TOPIC, partitions);
        try (OrderIdPartitioner partitioner = new OrderIdPartitioner()) {
            for (int n = 0; n < 2_000; n++) {
                String orderId = (n % 3 == 0 ? "o-42-" : n % 3 == 1 ? "ORD/" : "ördér-\u00e9-") + n;
                String value = "{\"event_id\":\"e-" + n + "\",\"order_id\":\"" + orderId
                        + "\",\"type\":\"debit\",\"amount\":\"1.00\",\"currency\":\"IDR\",\"event_time\":1}";
                int chosen = partitioner.partition(TOPIC, null, null, value, utf8(value), cluster);
                assertThat(chosen)
                        .isEqualTo(murmur(orderId, partitions))
                        .isEqualTo(BuiltInPartitioner.partitionForKey(utf8(orderId), partitions));
            }
        }
    }

    @Test
    void ignoresTheRecordKey() {
        Cluster cluster = cluster(TOPIC, 12);
        String value = "{\"event_id\":\"e-1\",\"order_id\":\"o-7\",\"type\":\"credit\"}";
        try (OrderIdPartitioner partitioner = new OrderIdPartitioner()) {
            int expected = murmur("o-7", 12);
            for (String key : new String[] {null, "", "e-1", "some-other-key", "o-8"}) {
                byte[] keyBytes = key == null ? null : utf8(key);
                assertThat(partitioner.partition(TOPIC, key, keyBytes, value, utf8(value), cluster))
                        .as("key %s", key)
                        .isEqualTo(expected);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        first field                 | {"order_id":"o-1","event_id":"e"}
        after nested values         | {"source":{"order_id":"nested","a":[{"order_id":"x"},[1,2]]},"tags":["order_id"],"order_id":"o-1"}
        escaped                     | {"order_\\u0069d":"o-\\u002d1"}
        broken after the field      | {"order_id":"o-1","amount":NaN,
        repeated field: first wins  | {"order_id":"o-1","order_id":"o-2"}
        """)
    void readsTheTopLevelOrderIdOnly(String description, String json) {
        String expected = description.startsWith("escaped") ? "o--1" : "o-1";
        assertThat(OrderIdPartitioner.orderIdOf(utf8(json))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        empty value            | ''
        not JSON               | debit o-1 100 IDR
        array                  | [{"order_id":"o-1"}]
        nested only            | {"source":{"order_id":"o-1"}}
        number                 | {"order_id":12}
        null                   | {"order_id":null}
        empty string           | {"order_id":""}
        broken before field    | {"event_id":"e" "order_id":"o-1"}
        truncated              | {"event_id":"e","order_
        """)
    void findsNoOrderIdInMalformedValues(String description, String json) {
        assertThat(OrderIdPartitioner.orderIdOf(utf8(json))).isNull();
    }

    @Test
    void malformedValuesFallBackToTheKeyThenToTheValueWithoutThrowing() {
        byte[] notJson = utf8("not json at all");
        byte[] invalidUtf8 = {'{', '"', 'o', (byte) 0xC3, '(', '"', ':', '1', '}'};
        byte[] key = utf8("o-42-7");
        for (byte[] value : new byte[][] {notJson, invalidUtf8, new byte[0]}) {
            assertThat(OrderIdPartitioner.partitionFor(key, value, 12)).isEqualTo(murmur("o-42-7", 12));
            assertThat(OrderIdPartitioner.partitionFor(null, value, 12))
                    .isEqualTo(Utils.toPositive(Utils.murmur2(value)) % 12);
        }
        // A tombstone with a key goes by the key; with neither, one fixed partition.
        assertThat(OrderIdPartitioner.partitionFor(key, null, 12)).isEqualTo(murmur("o-42-7", 12));
        assertThat(OrderIdPartitioner.partitionFor(null, null, 12))
                .isEqualTo(Utils.toPositive(Utils.murmur2(new byte[0])) % 12);
        assertThat(OrderIdPartitioner.partitionFor(key, notJson, 0)).isZero();
    }

    @Test
    void aDeeplyNestedValueDoesNotThrow() {
        String deep = "{\"a\":" + "[".repeat(5_000) + "]".repeat(5_000) + ",\"order_id\":\"o-1\"}";
        // Past Jackson's nesting limit: however the parser gives up, there is a partition.
        int partition = OrderIdPartitioner.partitionFor(null, utf8(deep), 6);
        assertThat(partition).isBetween(0, 5);
    }
}
