package io.payrecon.job.state;

import io.payrecon.model.EventTypeCodes;
import io.payrecon.model.PaymentEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
 * <p>Format (version 1): event id, order id, a one-byte type code, amount, currency, event time.
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

    /** Reused for reading ASCII strings: a serializer instance is used by one thread (see duplicate). */
    private transient byte[] scratch;

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
        return new PaymentEvent(from.eventId, from.orderId, from.type, from.amount, from.currency, from.eventTime);
    }

    @Override
    public PaymentEvent copy(PaymentEvent from, PaymentEvent reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PaymentEvent event, DataOutputView out) throws IOException {
        writeString(event.eventId, out);
        writeString(event.orderId, out);
        out.writeByte(event.type == null ? -1 : EventTypeCodes.code(event.type));
        writeString(event.amount, out);
        writeString(event.currency, out);
        out.writeLong(event.eventTime);
    }

    @Override
    public PaymentEvent deserialize(DataInputView in) throws IOException {
        PaymentEvent event = new PaymentEvent();
        event.eventId = readString(in);
        event.orderId = readString(in);
        byte code = in.readByte();
        event.type = code < 0 ? null : EventTypeCodes.ofCode(code);
        event.amount = readString(in);
        event.currency = readString(in);
        event.eventTime = in.readLong();
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

    private static void writeString(String s, DataOutputView out) throws IOException {
        if (s == null) {
            writeVarInt(0, out);
            return;
        }
        int length = s.length();
        // One UTF-8 byte per char means ASCII, or lone surrogates (encoded as '?', so a '?' makes
        // us take the exact two-byte path). getBytes is a vectorised copy for ASCII text; a charAt
        // loop over every char was 3 % of the matching task in the profile.
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        boolean ascii = bytes.length == length && indexOfQuestionMark(bytes) < 0;
        writeVarInt(((length << 1) | (ascii ? 0 : 1)) + 1, out);
        if (ascii) {
            out.write(bytes);
        } else {
            for (int i = 0; i < length; i++) {
                out.writeChar(s.charAt(i));
            }
        }
    }

    private static int indexOfQuestionMark(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '?') {
                return i;
            }
        }
        return -1;
    }

    private String readString(DataInputView in) throws IOException {
        int header = readVarInt(in);
        if (header == 0) {
            return null;
        }
        int length = (header - 1) >>> 1;
        if (((header - 1) & 1) == 0) {
            if (scratch == null || scratch.length < length) {
                scratch = new byte[Math.max(length, 64)];
            }
            in.readFully(scratch, 0, length);
            return new String(scratch, 0, length, StandardCharsets.ISO_8859_1);
        }
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = in.readChar();
        }
        return new String(chars);
    }

    private static void writeVarInt(int value, DataOutputView out) throws IOException {
        while ((value & ~0x7F) != 0) {
            out.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    private static int readVarInt(DataInputView in) throws IOException {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.readByte();
            value |= (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
            if (shift > 28) {
                throw new IOException("corrupt PaymentEvent: string length over 5 bytes");
            }
        }
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
