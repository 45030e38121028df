package io.payrecon.job.state;

import io.payrecon.matching.RecordedFact;
import io.payrecon.model.EventType;
import io.payrecon.model.EventTypeCodes;
import io.payrecon.model.Kind;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's binary form of a {@link RecordedFact}: the value of each recorded id in the matching
 * operator's map state {@code recorded-ids} (release 3.0), so a savepoint format.
 *
 * <p>Format 1: a flags byte (bit 0 the fact is known, bit 1 its conflict was reported, bit 2 it is a
 * debit or credit), and for a known fact the type code ({@link EventTypeCodes}) and the event time;
 * for a side then amount, currency, movement id, the kind's code and the fee, strings as {@link
 * PaymentEventSerializer} writes them. The order id and the event id are the state's keys: not here.
 */
public final class RecordedFactSerializer extends TypeSerializerSingleton<RecordedFact> {
    private static final long serialVersionUID = 1L;

    public static final RecordedFactSerializer INSTANCE = new RecordedFactSerializer();

    private static final int KNOWN = 1;
    private static final int CONFLICT_REPORTED = 2;
    private static final int SIDE = 4;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public RecordedFact createInstance() {
        return new RecordedFact(null, 0, null, null, null, null, null, false);
    }

    @Override
    public RecordedFact copy(RecordedFact from) {
        return from;
    }

    @Override
    public RecordedFact copy(RecordedFact from, RecordedFact reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(RecordedFact fact, DataOutputView out) throws IOException {
        boolean side = fact.isKnown() && fact.type.isMoneyMovement();
        out.writeByte(
                (fact.isKnown() ? KNOWN : 0) | (fact.conflictReported ? CONFLICT_REPORTED : 0) | (side ? SIDE : 0));
        if (!fact.isKnown()) {
            return;
        }
        out.writeByte(EventTypeCodes.code(fact.type));
        out.writeLong(fact.eventTime);
        if (side) {
            StateStrings.write(fact.amount, out);
            StateStrings.write(fact.currency, out);
            StateStrings.write(fact.movementId, out);
            out.writeByte(fact.kind == null ? -1 : fact.kind.code());
            StateStrings.write(fact.fee, out);
        }
    }

    @Override
    public RecordedFact deserialize(DataInputView in) throws IOException {
        int flags = in.readByte();
        boolean reported = (flags & CONFLICT_REPORTED) != 0;
        if ((flags & KNOWN) == 0) {
            return new RecordedFact(null, 0, null, null, null, null, null, reported);
        }
        EventType type = EventTypeCodes.ofCode(in.readByte());
        long time = in.readLong();
        if ((flags & SIDE) == 0) {
            return new RecordedFact(type, time, null, null, null, null, null, reported);
        }
        String amount = StateStrings.read(in);
        String currency = StateStrings.read(in);
        String movementId = StateStrings.read(in);
        byte kind = in.readByte();
        String fee = StateStrings.read(in);
        return new RecordedFact(
                type, time, amount, currency, movementId, kind < 0 ? null : Kind.ofCode(kind), fee, reported);
    }

    @Override
    public RecordedFact deserialize(RecordedFact reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<RecordedFact> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Written into savepoints next to the map state: never rename it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<RecordedFact> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    public static final class TypeInfo extends SerializerTypeInfo<RecordedFact> {
        private static final long serialVersionUID = 1L;

        public TypeInfo() {
            super(RecordedFact.class);
        }

        @Override
        protected TypeSerializer<RecordedFact> serializer() {
            return INSTANCE;
        }
    }
}
