package io.payrecon.job.state;

import io.payrecon.matching.ClosedMovement;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's binary form of a {@link ClosedMovement}, the value of the matching operator's map state
 * {@code closed-movements} (release 3.0), so a savepoint format. Format 1: the debit's and the
 * credit's event id, strings as {@link StateStrings} writes them.
 */
public final class ClosedMovementSerializer extends TypeSerializerSingleton<ClosedMovement> {
    private static final long serialVersionUID = 1L;

    public static final ClosedMovementSerializer INSTANCE = new ClosedMovementSerializer();

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public ClosedMovement createInstance() {
        return new ClosedMovement("", "");
    }

    @Override
    public ClosedMovement copy(ClosedMovement from) {
        return from;
    }

    @Override
    public ClosedMovement copy(ClosedMovement from, ClosedMovement reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(ClosedMovement movement, DataOutputView out) throws IOException {
        StateStrings.write(movement.debitEventId, out);
        StateStrings.write(movement.creditEventId, out);
    }

    @Override
    public ClosedMovement deserialize(DataInputView in) throws IOException {
        return new ClosedMovement(StateStrings.read(in), StateStrings.read(in));
    }

    @Override
    public ClosedMovement deserialize(ClosedMovement reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<ClosedMovement> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Written into savepoints next to the map state: never rename it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<ClosedMovement> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    public static final class TypeInfo extends SerializerTypeInfo<ClosedMovement> {
        private static final long serialVersionUID = 1L;

        public TypeInfo() {
            super(ClosedMovement.class);
        }

        @Override
        protected TypeSerializer<ClosedMovement> serializer() {
            return INSTANCE;
        }
    }
}
