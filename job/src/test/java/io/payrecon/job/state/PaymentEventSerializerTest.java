package io.payrecon.job.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.matching.OrderState;
import io.payrecon.model.EventType;
import io.payrecon.model.InboundRecord;
import io.payrecon.model.Kind;
import io.payrecon.model.PaymentEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.api.java.typeutils.PojoField;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializer;
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
            // Contract v3: the movement fields behind the type byte's flag.
            new PaymentEvent("e-6", "o-2", EventType.DEBIT, "30.00", "EUR", 10L, "re_7", Kind.REFUND, null),
            new PaymentEvent("e-7", "o-2", EventType.CREDIT, "29.10", "EUR", 11L, "re_7", Kind.REFUND, "0.90"),
            new PaymentEvent("e-8", "o-2", EventType.CREDIT, "1", "EUR", 12L, null, Kind.PAYMENT, "0"),
            new PaymentEvent("e-9", "o-2", EventType.DEBIT, "1", "EUR", 13L, "m-é😀", Kind.CHARGEBACK, null),
        };
    }

    /** Release 2.0 wrote no flag: its sides read as the default movement's payments, byte for byte as then. */
    @Test
    void eventsWithoutMovementFieldsKeepRelease20sBytes() throws Exception {
        PaymentEvent v2 = new PaymentEvent("e-1", "o-1", EventType.DEBIT, "100.00", "EUR", 1L);
        org.apache.flink.core.memory.DataOutputSerializer out =
                new org.apache.flink.core.memory.DataOutputSerializer(64);
        new PaymentEventSerializer().serialize(v2, out);
        assertThat(java.util.HexFormat.of().formatHex(out.getCopyOfBuffer()))
                .isEqualTo("07" + "652d31" + "07" + "6f2d31" + "00" + "0d" + "3130302e3030" + "07" + "455552"
                        + "0000000000000001");
        PaymentEvent read = new PaymentEventSerializer()
                .deserialize(new org.apache.flink.core.memory.DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(read).isEqualTo(v2);
        assertThat(read.kind).isEqualTo(Kind.PAYMENT);
    }

    @Test
    void theJobsTypesWriteEventsWithThisSerializerEverywhere() {
        assertThat(FlinkTypes.of(PaymentEvent.class)).isInstanceOf(PaymentEventSerializer.TypeInfo.class);
        assertThat(FlinkTypes.of(PaymentEvent.class).createSerializer(new SerializerConfigImpl()))
                .isInstanceOf(PaymentEventSerializer.class);
        PojoTypeInfo<OrderState> state = (PojoTypeInfo<OrderState>) FlinkTypes.of(OrderState.class);
        assertThat(state.getTypeAt("debit")).isInstanceOf(PaymentEventSerializer.TypeInfo.class);
        assertThat(state.getTypeAt("credit")).isInstanceOf(PaymentEventSerializer.TypeInfo.class);
        TypeInformation<?> pending = state.getTypeAt("pending");
        assertThat(((ListTypeInfo<?>) pending).getElementTypeInfo())
                .isInstanceOf(PaymentEventSerializer.TypeInfo.class);
        // Everything else exactly as Flink's own analysis has it (a POJO's lists are nullable lists).
        PojoTypeInfo<OrderState> plain = (PojoTypeInfo<OrderState>) TypeInformation.of(OrderState.class);
        assertThat(pending.getClass()).isEqualTo(plain.getTypeAt("pending").getClass());
        for (String field : List.of("seenEventIds", "status", "unmatchedRaised", "lastEventTime", "scheduledWakeUp")) {
            assertThat(state.getTypeAt(field)).as(field).isEqualTo(plain.getTypeAt(field));
        }
        PojoTypeInfo<InboundRecord> inbound = (PojoTypeInfo<InboundRecord>) FlinkTypes.of(InboundRecord.class);
        assertThat(inbound.getTypeAt("event")).isInstanceOf(PaymentEventSerializer.TypeInfo.class);
    }

    @Test
    void theModelItselfNamesNoSerializer() {
        // Without the job's explicit types, Flink sees a plain POJO: the model carries no Flink annotation.
        assertThat(TypeInformation.of(PaymentEvent.class)).isInstanceOf(PojoTypeInfo.class);
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
        assertThat(new PaymentEventSerializer.Snapshot()
                        .resolveSchemaCompatibility(old.snapshotConfiguration())
                        .isCompatibleAfterMigration())
                .isTrue();
        assertThat(new PaymentEventSerializer.Snapshot()
                        .resolveSchemaCompatibility(new PaymentEventSerializer.Snapshot())
                        .isCompatibleAsIs())
                .isTrue();
    }

    @Test
    void theSnapshotRelease11WroteUnderTheOldNameRestoresAsIs() {
        // Savepoints of release 1.1 name io.payrecon.model.PaymentEventSerializer$Snapshot.
        io.payrecon.model.PaymentEventSerializer.Snapshot legacy =
                new io.payrecon.model.PaymentEventSerializer.Snapshot();
        assertThat(legacy.restoreSerializer()).isInstanceOf(PaymentEventSerializer.class);
        assertThat(new PaymentEventSerializer.Snapshot()
                        .resolveSchemaCompatibility(legacy)
                        .isCompatibleAsIs())
                .isTrue();
    }
}
