package io.payrecon.job.state;

import io.payrecon.statements.PeriodTotals;
import io.payrecon.statements.Statement;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's binary form of a {@link Statement}, between the statement window and its sink (never in
 * state): period start, period end, revision, then the figures as {@link StatementTotalsSerializer}
 * writes them. {@link Statement} is immutable apart from its figures, which the window hands over as
 * a copy of its state.
 */
public final class StatementSerializer extends TypeSerializerSingleton<Statement> {
    private static final long serialVersionUID = 1L;

    public static final StatementSerializer INSTANCE = new StatementSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public Statement createInstance() {
        // Only an instance for Flink to offer for reuse, which deserialize ignores.
        return new Statement(0, 1, 0, new PeriodTotals());
    }

    @Override
    public Statement copy(Statement from) {
        return new Statement(
                from.periodStart(),
                from.periodEnd(),
                from.revision(),
                from.totals().copy());
    }

    @Override
    public Statement copy(Statement from, Statement reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(Statement statement, DataOutputView out) throws IOException {
        out.writeLong(statement.periodStart());
        out.writeLong(statement.periodEnd());
        out.writeLong(statement.revision());
        StatementTotalsSerializer.INSTANCE.serialize(statement.totals(), out);
    }

    @Override
    public Statement deserialize(DataInputView in) throws IOException {
        long start = in.readLong();
        long end = in.readLong();
        long revision = in.readLong();
        return new Statement(start, end, revision, StatementTotalsSerializer.INSTANCE.deserialize(in));
    }

    @Override
    public Statement deserialize(Statement reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<Statement> snapshotConfiguration() {
        return new Snapshot();
    }

    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Statement> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** The Flink type of {@link Statement}; the core class carries no Flink annotation. */
    public static final class TypeInfo extends SerializerTypeInfo<Statement> {
        private static final long serialVersionUID = 1L;

        public TypeInfo() {
            super(Statement.class);
        }

        @Override
        protected TypeSerializer<Statement> serializer() {
            return INSTANCE;
        }
    }
}
