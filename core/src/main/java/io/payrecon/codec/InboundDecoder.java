package io.payrecon.codec;

import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.InboundRecord;
import io.payrecon.model.MalformedSource;

/**
 * Decodes a value and, when it is malformed, builds its MALFORMED_EVENT exception with the value's
 * position: a Kafka record (topic, partition, offset) or a line of a replayed file.
 */
public final class InboundDecoder {
    private final EventDecoder decoder;
    private final RawPolicy rawPolicy;

    /**
     * @param rawPolicy what of a malformed value its record may carry: in {@code source.raw}, in {@code
     *     detail} and in {@code order_id} (the record's Kafka key)
     */
    public InboundDecoder(RawPolicy rawPolicy) {
        this.decoder = new EventDecoder(rawPolicy);
        this.rawPolicy = rawPolicy;
    }

    public InboundDecoder() {
        this(RawPolicy.FULL);
    }

    public InboundRecord fromKafka(byte[] value, String topic, int partition, long offset) {
        return decode(value, (raw, truncated) -> MalformedSource.kafka(raw, truncated, topic, partition, offset));
    }

    public InboundRecord fromFile(byte[] value, String fileName, long lineNumber) {
        return decode(value, (raw, truncated) -> MalformedSource.file(raw, truncated, fileName, lineNumber));
    }

    /** Where a malformed value came from, given what of it may be quoted. */
    private interface Position {
        MalformedSource of(String raw, boolean truncated);
    }

    private InboundRecord decode(byte[] value, Position position) {
        DecodeResult result = decoder.decode(value);
        if (result.isEvent()) {
            return InboundRecord.of(result.event());
        }
        RawText raw = RawText.of(value);
        // The order id of a malformed value is input like any other (issue 24: a card number in
        // order_id reached the record and its Kafka key): it is quoted as the policy allows.
        String orderId = result.orderId() == null ? null : rawPolicy.apply(result.orderId());
        return InboundRecord.malformed(ExceptionRecord.malformed(
                orderId, result.error(), position.of(rawPolicy.apply(raw.text()), raw.truncated())));
    }
}
