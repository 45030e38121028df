package io.payrecon.model;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;

/**
 * Not a serializer any more: only the name under which release 1.1 wrote the event serializer's
 * snapshot into savepoints. The serializer lives in the Flink shell now ({@code
 * io.payrecon.job.state.PaymentEventSerializer}).
 *
 * <p>Flink restores a serializer snapshot by instantiating the class whose name the savepoint holds,
 * with no way to map an old name to a new class, so {@code
 * io.payrecon.model.PaymentEventSerializer$Snapshot} must exist for as long as savepoints taken by
 * release 1.1 may be restored. It is the one class of the model allowed to touch Flink
 * ({@code ArchitectureTest} names it); never use it for anything else, never remove it.
 */
public final class PaymentEventSerializer {
    private PaymentEventSerializer() {}

    /**
     * Release 1.1's snapshot of the event serializer: the same format, so it restores today's
     * serializer, and today's snapshot accepts it as is (same restored serializer class).
     */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PaymentEvent> {
        public Snapshot() {
            super(io.payrecon.job.state.PaymentEventSerializer::new);
        }
    }
}
