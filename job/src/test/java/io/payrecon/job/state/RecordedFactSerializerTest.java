package io.payrecon.job.state;

import io.payrecon.matching.RecordedFact;
import io.payrecon.model.EventType;
import io.payrecon.model.Kind;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Contract v3's recorded facts in map state: Flink's serializer test suite over every branch of the format. */
class RecordedFactSerializerTest extends SerializerTestBase<RecordedFact> {
    @Override
    protected TypeSerializer<RecordedFact> createSerializer() {
        return RecordedFactSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<RecordedFact> getTypeClass() {
        return RecordedFact.class;
    }

    @Override
    protected RecordedFact[] getTestData() {
        return new RecordedFact[] {
            new RecordedFact(null, 0, null, null, null, null, null, false), // an id from 1.x: no fact
            new RecordedFact(null, 0, null, null, null, null, null, true),
            new RecordedFact(EventType.ORDER_SHIPPED, 1_700_000_000_000L, null, null, null, null, null, false),
            new RecordedFact(EventType.DEBIT, -1L, "100.00", "EUR", null, Kind.PAYMENT, null, false),
            new RecordedFact(EventType.CREDIT, Long.MAX_VALUE, "97.10", "EUR", "re_7", Kind.REFUND, "2.90", true),
            new RecordedFact(EventType.CREDIT, 5L, "1", "JPY", "m-é😀", Kind.CHARGEBACK, "0", false),
        };
    }
}
