package io.payrecon.job.state;

import io.payrecon.matching.ClosedMovement;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Contract v3's closed movements in map state: Flink's serializer test suite. */
class ClosedMovementSerializerTest extends SerializerTestBase<ClosedMovement> {
    @Override
    protected TypeSerializer<ClosedMovement> createSerializer() {
        return ClosedMovementSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<ClosedMovement> getTypeClass() {
        return ClosedMovement.class;
    }

    @Override
    protected ClosedMovement[] getTestData() {
        return new ClosedMovement[] {
            new ClosedMovement("d-1", "c-1"), new ClosedMovement("", ""), new ClosedMovement("débit-😀", "\ud800")
        };
    }
}
