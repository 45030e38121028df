package io.payrecon.job.io;

import io.payrecon.job.config.JobConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * The job's Kafka source and sink settings, from its configuration, in one place: the job builds its
 * input and its three outputs with them, and the benchmark's floor ({@code SourceDrain}) builds its
 * own source and sink with exactly the same settings, which is what makes it the job's floor.
 */
public final class KafkaIo {
    private KafkaIo() {}

    /**
     * The job's Kafka source settings with a deserializer of the caller's: the job's own, and the
     * benchmark's {@code SourceDrain}, whose floor is only a floor with exactly these settings.
     */
    public static <T> KafkaSourceBuilder<T> source(JobConfig config, KafkaRecordDeserializationSchema<T> deserializer) {
        KafkaSourceBuilder<T> source = KafkaSource.<T>builder()
                .setBootstrapServers(config.inputBootstrapServers)
                .setTopics(config.inputTopic)
                .setGroupId(config.groupId)
                .setStartingOffsets(startingOffsets(config))
                .setDeserializer(deserializer);
        config.kafkaProperties.forEach(source::setProperty);
        // Producers may write transactionally: never read what they abort.
        source.setProperty("isolation.level", "read_committed");
        if (config.bounded) {
            source.setBounded(OffsetsInitializer.latest());
        }
        return source;
    }

    /**
     * The job's source, {@code source} with its readers checking for offset gaps ({@link
     * GapCheckingKafkaSource}) through an admin client with the job's Kafka settings.
     */
    public static <T> GapCheckingKafkaSource<T> gapChecked(JobConfig config, KafkaSource<T> source) {
        Map<String, String> admin = new HashMap<>(config.kafkaProperties);
        admin.put("bootstrap.servers", config.bootstrapServers);
        return new GapCheckingKafkaSource<>(source, admin);
    }

    private static OffsetsInitializer startingOffsets(JobConfig config) {
        switch (config.startingOffsets) {
            case EARLIEST:
                return OffsetsInitializer.earliest();
            case LATEST:
                return OffsetsInitializer.latest();
            default:
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        }
    }

    /** The job's Kafka sink settings; {@code name} tells the sink's transactional ids apart. */
    public static <T> KafkaSink<T> sink(JobConfig config, KafkaRecordSerializationSchema<T> serializer, String name) {
        boolean exactlyOnce = config.delivery == JobConfig.Delivery.EXACTLY_ONCE;
        Properties producer = new Properties();
        producer.putAll(config.kafkaProperties);
        return KafkaSink.<T>builder()
                .setBootstrapServers(config.bootstrapServers)
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                // One prefix per sink: two sinks sharing transactional ids would fence each other.
                .setTransactionalIdPrefix(config.transactionalIdPrefix + "-" + name)
                // The connector's default (1h) is above a broker's default maximum (15 min).
                .setProperty("transaction.timeout.ms", Long.toString(config.transactionTimeout.toMillis()))
                .build();
    }
}
