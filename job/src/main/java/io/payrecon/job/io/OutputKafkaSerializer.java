package io.payrecon.job.io;

import io.payrecon.codec.OutputJson;
import io.payrecon.codec.StatementJson;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.ReconciledRecord;
import io.payrecon.statements.Statement;
import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes an output record to its topic, keyed by order_id (no key for malformed input whose order id
 * could not be read). The Kafka timestamp is left to the producer: stamping old event times from a
 * backfill would let the topic's retention delete the records at once.
 */
public final class OutputKafkaSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final SerializableFunction<T, String> key;
    private final SerializableFunction<T, byte[]> value;

    private OutputKafkaSerializer(
            String topic, SerializableFunction<T, String> key, SerializableFunction<T, byte[]> value) {
        this.topic = topic;
        this.key = key;
        this.value = value;
    }

    public static OutputKafkaSerializer<ReconciledRecord> reconciled(String topic) {
        return new OutputKafkaSerializer<>(topic, r -> r.orderId, OutputJson::reconciled);
    }

    public static OutputKafkaSerializer<ExceptionRecord> exceptions(String topic) {
        return new OutputKafkaSerializer<>(topic, r -> r.orderId, OutputJson::exception);
    }

    /** Keyed by the period start's text: every revision of a period lands in one partition, in order. */
    public static OutputKafkaSerializer<Statement> statements(String topic) {
        return new OutputKafkaSerializer<>(topic, StatementJson::keyText, StatementJson::encode);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T element, KafkaSinkContext context, Long timestamp) {
        String k = key.apply(element);
        return new ProducerRecord<>(
                topic, null, null, k == null ? null : k.getBytes(StandardCharsets.UTF_8), value.apply(element));
    }
}
