package io.payrecon.job.io;

import io.payrecon.codec.InboundDecoder;
import io.payrecon.codec.RawPolicy;
import io.payrecon.model.InboundRecord;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Decodes inside the Kafka source, so that every record, good or malformed, leaves the source as an
 * {@link InboundRecord} and the per-partition watermarks see only well-formed event times. The
 * record key is never read: the job keys by the payload's order_id.
 */
public class KafkaInboundDeserializer implements KafkaRecordDeserializationSchema<InboundRecord> {
    private static final long serialVersionUID = 1L;

    private final RawPolicy rawPolicy;
    private transient InboundDecoder decoder;

    public KafkaInboundDeserializer(RawPolicy rawPolicy) {
        this.rawPolicy = rawPolicy;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        decoder = new InboundDecoder(rawPolicy);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<InboundRecord> out) {
        if (decoder == null) {
            decoder = new InboundDecoder(rawPolicy);
        }
        InboundRecord inbound = decoder.fromKafka(record.value(), record.topic(), record.partition(), record.offset());
        // The input ledger (SplitMalformed) logs how far each checkpoint read, for lost-output reports.
        inbound.partition = record.partition();
        inbound.offset = record.offset();
        out.collect(inbound);
    }

    @Override
    public TypeInformation<InboundRecord> getProducedType() {
        return TypeInformation.of(InboundRecord.class);
    }
}
