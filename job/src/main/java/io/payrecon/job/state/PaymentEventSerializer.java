package io.payrecon.job.state;

import io.payrecon.model.EventTypeCodes;
import io.payrecon.model.Kind;
import io.payrecon.model.PaymentEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's binary form of a {@link PaymentEvent}, on the network between the source and the matching
 * operator and in keyed state. Written by hand because every event crosses it three to five times
 * (shuffle, arrival, order state): Flink's POJO serializer sets each field by reflection and writes
 * strings char by char, and the profile showed it among the largest costs.
 *
 * <p>Format: event id, order id, a one-byte type code, amount, currency, event time. Release 3.0
 * (contract v3) sets bit {@value #MOVEMENT_FIELDS} of the type byte when the event names a movement,
 * a kind other than payment, or a fee, and then writes those three after the time (movement id, the
 * kind's code, fee); a side without the bit is its order's default movement's payment without a
 * fee. Events written by earlier releases never have the bit, so they read as they are.
 * A string is a varint header, 0 for null, else {@code (length << 1 | utf16) + 1}, then its
 * {@code length} chars: one byte each when all are ASCII (ids, amounts and currencies in practice),
 * two bytes each otherwise, so that any Java string (even an unpaired surrogate from a JSON escape)
 * comes back exactly. The type codes are {@link EventTypeCodes}', independent of the enum's declaration order.
 *
 * <p>State written by release 1.0 holds events in Flink's POJO format; restoring it migrates them
 * (see {@link Snapshot#resolveSchemaCompatibility}). Release 1.1 wrote this format under the
 * snapshot name {@code io.payrecon.model.PaymentEventSerializer$Snapshot}, which restores as is.
 */
public final class PaymentEventSerializer extends TypeSerializer<PaymentEvent> {
    private static final long serialVersionUID = 1L;

    /** Reuses its buffer: a serializer instance is used by one thread (see duplicate). */
    private transient StateStrings.Reader strings;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<PaymentEvent> duplicate() {
        return new PaymentEventSerializer(); // not shareable: the read buffer
    }

    @Override
    public PaymentEvent createInstance() {
        return new PaymentEvent();
    }

    @Override
    public PaymentEvent copy(PaymentEvent from) {
        PaymentEvent copy =
                new PaymentEvent(from.eventId, from.orderId, from.type, from.amount, from.currency, from.eventTime);
        copy.movementId = from.movementId;
        copy.kind = from.kind;
        copy.fee = from.fee;
        return copy;
    }

    @Override
    public PaymentEvent copy(PaymentEvent from, PaymentEvent reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    /** The bit of the type byte that says the movement fields follow (release 3.0). */
    static final int MOVEMENT_FIELDS = 0x40;

    @Override
    public void serialize(PaymentEvent event, DataOutputView out) throws IOException {
        boolean movement =
                event.movementId != null || (event.kind != null && event.kind != Kind.PAYMENT) || event.fee != null;
        StateStrings.write(event.eventId, out);
        StateStrings.write(event.orderId, out);
        out.writeByte(event.type == null ? -1 : EventTypeCodes.code(event.type) | (movement ? MOVEMENT_FIELDS : 0));
        StateStrings.write(event.amount, out);
        StateStrings.write(event.currency, out);
        out.writeLong(event.eventTime);
        if (movement) {
            StateStrings.write(event.movementId, out);
            out.writeByte(event.kind == null ? -1 : event.kind.code());
            StateStrings.write(event.fee, out);
        }
    }

    @Override
    public PaymentEvent deserialize(DataInputView in) throws IOException {
        if (strings == null) {
            strings = new StateStrings.Reader();
        }
        PaymentEvent event = new PaymentEvent();
        event.eventId = strings.read(in);
        event.orderId = strings.read(in);
        byte code = in.readByte();
        boolean movement = code >= 0 && (code & MOVEMENT_FIELDS) != 0;
        event.type = code < 0 ? null : EventTypeCodes.ofCode(code & ~MOVEMENT_FIELDS);
        event.amount = strings.read(in);
        event.currency = strings.read(in);
        event.eventTime = in.readLong();
        if (movement) {
            event.movementId = strings.read(in);
            byte kind = in.readByte();
            event.kind = kind < 0 ? null : Kind.ofCode(kind);
            event.fee = strings.read(in);
        } else if (event.type != null && event.type.isMoneyMovement()) {
            event.kind = Kind.PAYMENT;
        }
        return event;
    }

    @Override
    public PaymentEvent deserialize(PaymentEvent reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PaymentEventSerializer;
    }

    @Override
    public int hashCode() {
        return PaymentEventSerializer.class.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<PaymentEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /**
     * Written into savepoints next to the state: which serializer (and version) wrote the events.
     * Savepoints taken before the serializer moved here name {@code
     * io.payrecon.model.PaymentEventSerializer$Snapshot}, which stays as an alias of this one.
     */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PaymentEvent> {
        public Snapshot() {
            super(PaymentEventSerializer::new);
        }

        /**
         * Release 1.0 wrote events with Flink's POJO serializer: its snapshot restores that serializer,
         * and Flink rewrites the state with this one (on RocksDB, every entry once, while restoring).
         */
        @Override
        public TypeSerializerSchemaCompatibility<PaymentEvent> resolveSchemaCompatibility(
                TypeSerializerSnapshot<PaymentEvent> oldSnapshot) {
            if (oldSnapshot instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(oldSnapshot);
        }
    }

    /**
     * The Flink type of {@link PaymentEvent}. The model class carries no Flink annotation (the rules
     * core stays free of Flink), so the job hands this type to Flink itself: see {@link FlinkTypes}.
     */
    public static final class TypeInfo extends SerializerTypeInfo<PaymentEvent> {
        private static final long serialVersionUID = 1L;

        public TypeInfo() {
            super(PaymentEvent.class);
        }

        @Override
        protected TypeSerializer<PaymentEvent> serializer() {
            return new PaymentEventSerializer();
        }
    }
}
