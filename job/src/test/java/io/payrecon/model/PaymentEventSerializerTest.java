package io.payrecon.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.common.typeinfo.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hand-written binary form of events: Flink's own serializer test suite (round trips alone and
 * in sequence, copies, snapshot and restore, duplicate for concurrent use) over events that push
 * every branch of the format, plus the migration from release 1.0's POJO form.
 */
class PaymentEventSerializerTest extends SerializerTestBase<PaymentEvent> {
    @Override
    protected TypeSerializer<PaymentEvent> createSerializer() {
        return new PaymentEventSerializer();
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<PaymentEvent> getTypeClass() {
        return PaymentEvent.class;
    }

    @Override
    protected PaymentEvent[] getTestData() {
        return new PaymentEvent[] {
            new PaymentEvent("e-1", "o-1", EventType.DEBIT, "100.00", "EUR", 1_700_000_000_000L),
            new PaymentEvent("e-2", "o-1", EventType.CREDIT, "0.5", "JPY", 0L),
            PaymentEvent.lifecycle("e-3", "o-1", EventType.ORDER_CONFIRMED, -1L), // null amount and currency
            PaymentEvent.lifecycle("", "", EventType.ORDER_PAYMENT_SUCCESS, Long.MIN_VALUE),
            PaymentEvent.lifecycle("e-5", "o-ü", EventType.ORDER_SHIPPED, Long.MAX_VALUE),
            // Non-ASCII ids: two bytes per char, including an unpaired surrogate a JSON escape can make.
            PaymentEvent.lifecycle("évènement-😀", "注文-7", EventType.ORDER_CANCELLED, 42L),
            new PaymentEvent("\ud800lone", "o-\udfff", EventType.DEBIT, "1", "USD", 7L),
            new PaymentEvent("what?", "o-?\udbff", EventType.CREDIT, "1", "US?", 8L), // '?' as itself and beside one
            new PaymentEvent("é", "o-\u00ff\u0080", EventType.DEBIT, "1", "EUR", 9L), // Latin-1, not ASCII
            // A length that needs a three-byte varint header.
            new PaymentEvent("e-long", "o-" + "x".repeat(100_000), EventType.CREDIT, "9".repeat(70) + ".01", "EUR", 9L),
            new PaymentEvent(null, null, null, null, null, 3L), // never produced by the decoder, still exact
        };
    }

    @Test
    void flinkPicksThisSerializerForEventsEverywhere() {
        assertThat(TypeInformation.of(PaymentEvent.class)).isInstanceOf(PaymentEventSerializer.TypeInfo.class);
        assertThat(TypeInformation.of(PaymentEvent.class).createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(PaymentEventSerializer.class);
    }

    @Test
    void stateWrittenByTheOldPojoSerializerIsMigrated() throws Exception {
        // Release 1.0's serializer, as Flink built it for the class before the annotation.
        List<PojoField> fields = new ArrayList<>();
        for (String name : List.of("eventId", "orderId", "amount", "currency")) {
            fields.add(new PojoField(PaymentEvent.class.getField(name), Types.STRING));
        }
        fields.add(new PojoField(PaymentEvent.class.getField("type"), Types.ENUM(EventType.class)));
        fields.add(new PojoField(PaymentEvent.class.getField("eventTime"), Types.LONG));
        PojoSerializer<PaymentEvent> old = (PojoSerializer<PaymentEvent>)
                new PojoTypeInfo<>(PaymentEvent.class, fields).createSerializer(new SerializerConfigImpl());
        assertThat(new PaymentEventSerializer.Snapshot().resolveSchemaCompatibility(old.snapshotConfiguration())
                .isCompatibleAfterMigration()).isTrue();
        assertThat(new PaymentEventSerializer.Snapshot().resolveSchemaCompatibility(new PaymentEventSerializer.Snapshot())
                .isCompatibleAsIs()).isTrue();
    }
}
