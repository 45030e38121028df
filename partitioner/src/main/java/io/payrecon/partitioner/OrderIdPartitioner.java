package io.payrecon.partitioner;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.Partitioner;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.utils.Utils;

/**
 * Puts every event of an order on one partition, whatever the record key says.
 *
 * <p>Set it as {@code partitioner.class} on producers whose key is not the order id (null, an event
 * id, ...). It reads the top-level {@code order_id} string from the JSON value and picks {@code
 * toPositive(murmur2(utf8(order_id))) % partitions}: the partition Kafka's default partitioner gives
 * a record keyed by that order id, so producers with and without this class agree.
 *
 * <p>A value without a readable {@code order_id} (malformed input) goes by murmur2 of the key bytes
 * when there is a key, else of the value bytes: still deterministic, and it never throws, so a bad
 * record can never fail a send.
 */
public final class OrderIdPartitioner implements Partitioner {
    /** Thread-safe and costly to build; shared by every instance (producers may run several). */
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private static final String ORDER_ID = "order_id";
    private static final byte[] EMPTY = new byte[0];

    @Override
    public void configure(Map<String, ?> configs) {
        // Nothing to configure.
    }

    @Override
    public int partition(String topic, Object key, byte[] keyBytes, Object value, byte[] valueBytes, Cluster cluster) {
        // Same count the default partitioner uses (all partitions, not only available ones), so a
        // partition without a leader does not move an order elsewhere.
        return partitionFor(
                keyBytes, valueBytes, cluster.partitionsForTopic(topic).size());
    }

    @Override
    public void close() {
        // Nothing to release.
    }

    /**
     * The partition of a record among {@code numPartitions}; never throws.
     *
     * @param keyBytes the serialized key, may be null
     * @param valueBytes the serialized value, may be null
     */
    public static int partitionFor(byte[] keyBytes, byte[] valueBytes, int numPartitions) {
        if (numPartitions <= 0) {
            // The producer only partitions once metadata knows the topic; be total anyway.
            return 0;
        }
        String orderId = orderIdOf(valueBytes);
        byte[] hashed;
        if (orderId != null) {
            hashed = orderId.getBytes(StandardCharsets.UTF_8);
        } else if (keyBytes != null) {
            hashed = keyBytes;
        } else {
            hashed = valueBytes != null ? valueBytes : EMPTY;
        }
        return Utils.toPositive(Utils.murmur2(hashed)) % numPartitions;
    }

    /**
     * The top-level {@code order_id} string of a JSON object, or null when there is none to read: not
     * an object, no such field before the value breaks, not a string, or empty. Stops at the field;
     * nested objects and arrays before it are skipped without being decoded.
     */
    public static String orderIdOf(byte[] valueBytes) {
        if (valueBytes == null || valueBytes.length == 0) {
            return null;
        }
        try (JsonParser parser = JSON.createParser(valueBytes)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            String name;
            while ((name = parser.nextFieldName()) != null) {
                JsonToken token = parser.nextToken();
                if (ORDER_ID.equals(name)) {
                    if (token != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    String orderId = parser.getText();
                    return orderId.isEmpty() ? null : orderId;
                }
                // No-op for scalars; for a nested value, jumps to its end without building it.
                parser.skipChildren();
            }
            return null;
        } catch (Exception e) {
            // Broken JSON, invalid UTF-8, limits exceeded: all mean "no readable order_id".
            return null;
        }
    }
}
