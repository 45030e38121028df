package io.payrecon.job;

import io.payrecon.statements.PeriodTotals;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;

/**
 * Not a serializer any more: only the name under which release 2.0 wrote the statement window's
 * totals serializer snapshot into savepoints. The serializer lives with the job's other Flink types
 * now ({@link io.payrecon.job.state.StatementTotalsSerializer}).
 *
 * <p>Flink restores a serializer snapshot by instantiating the class whose name the savepoint holds,
 * with no way to map an old name to a new class, so {@code
 * io.payrecon.job.StatementTotalsSerializer$Snapshot} must exist for as long as savepoints taken by
 * release 2.0 may be restored ({@code StateCompatibilityTest} pins it). Never use it for anything
 * else, never remove it.
 */
public final class StatementTotalsSerializer {
    private StatementTotalsSerializer() {}

    /** Release 2.0's snapshot: the same format (version 1), so it restores today's serializer as is. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PeriodTotals> {
        public Snapshot() {
            super(() -> io.payrecon.job.state.StatementTotalsSerializer.INSTANCE);
        }
    }
}
