package io.payrecon.job.state;

import io.payrecon.model.ExceptionType;
import io.payrecon.statements.CurrencyTotals;
import io.payrecon.statements.PeriodTotals;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Map;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's binary form of {@link PeriodTotals}: the statement window's state (one per open period,
 * kept for the period plus the retention), so its format is a savepoint format. Written by hand:
 * the class keeps its maps private (the core stays plain Java), Flink's POJO rules would need them
 * public, and a generic fallback would mean Kryo.
 *
 * <p>Format (version 1): the number of currencies, then per currency in code order its code, the
 * six counts ({@code reconciled, unmatched open, unmatched resolved, mismatch, duplicate, conflict})
 * and the four sums ({@code reconciled, unmatched open, unmatched resolved, duplicate}); then the
 * number of exception types, then per type its name and count. A sum is its unscaled value's
 * two's-complement bytes (length first) and its scale, so the scale, which the statement's text
 * shows, survives. Types are stored by name, so the enum's order may change. Format 2 (release 3.0)
 * starts with the marker {@value #FORMAT_2} and adds, after each currency's sums, the reversal count,
 * the reversal sum and the fee sum; format 1 still reads (its reversals and fees are 0).
 *
 * <p>Savepoints name the {@link Snapshot} class: never rename this class or its snapshot. Release 2.0
 * wrote the snapshot as {@code io.payrecon.job.StatementTotalsSerializer$Snapshot}, from before the
 * job's classes moved into packages by role; that name stays as an alias ({@link
 * io.payrecon.job.StatementTotalsSerializer}).
 */
public final class StatementTotalsSerializer extends TypeSerializerSingleton<PeriodTotals> {
    private static final long serialVersionUID = 1L;

    public static final StatementTotalsSerializer INSTANCE = new StatementTotalsSerializer();

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public PeriodTotals createInstance() {
        return new PeriodTotals();
    }

    @Override
    public PeriodTotals copy(PeriodTotals from) {
        return from.copy();
    }

    @Override
    public PeriodTotals copy(PeriodTotals from, PeriodTotals reuse) {
        return from.copy();
    }

    @Override
    public int getLength() {
        return -1;
    }

    /**
     * Format 2 (release 3.0) starts with this marker where format 1 started with the number of
     * currencies (never negative), and adds contract v3's three figures after each currency's ten.
     */
    static final int FORMAT_2 = -2;

    @Override
    public void serialize(PeriodTotals totals, DataOutputView out) throws IOException {
        out.writeInt(FORMAT_2);
        out.writeInt(totals.currencies().size());
        for (Map.Entry<String, CurrencyTotals> c : totals.currencies().entrySet()) {
            CurrencyTotals t = c.getValue();
            out.writeUTF(c.getKey());
            out.writeLong(t.reconciledCount());
            out.writeLong(t.unmatchedOpenCount());
            out.writeLong(t.unmatchedResolvedCount());
            out.writeLong(t.mismatchCount());
            out.writeLong(t.duplicateCount());
            out.writeLong(t.conflictCount());
            writeDecimal(t.reconciledAmount(), out);
            writeDecimal(t.unmatchedOpenAmount(), out);
            writeDecimal(t.unmatchedResolvedAmount(), out);
            writeDecimal(t.duplicateAmount(), out);
            out.writeLong(t.reversalCount());
            writeDecimal(t.reversalAmount(), out);
            writeDecimal(t.feeAmount(), out);
        }
        out.writeInt(totals.exceptions().size());
        for (Map.Entry<ExceptionType, Long> e : totals.exceptions().entrySet()) {
            out.writeUTF(e.getKey().name());
            out.writeLong(e.getValue());
        }
    }

    @Override
    public PeriodTotals deserialize(DataInputView in) throws IOException {
        PeriodTotals totals = new PeriodTotals();
        int first = in.readInt();
        boolean format2 = first == FORMAT_2;
        int currencies = format2 ? in.readInt() : first;
        for (int i = 0; i < currencies; i++) {
            String code = in.readUTF();
            long reconciled = in.readLong();
            long unmatchedOpen = in.readLong();
            long unmatchedResolved = in.readLong();
            long mismatch = in.readLong();
            long duplicate = in.readLong();
            long conflict = in.readLong();
            BigDecimal reconciledAmount = readDecimal(in);
            BigDecimal unmatchedOpenAmount = readDecimal(in);
            BigDecimal unmatchedResolvedAmount = readDecimal(in);
            BigDecimal duplicateAmount = readDecimal(in);
            long reversals = format2 ? in.readLong() : 0;
            BigDecimal reversalAmount = format2 ? readDecimal(in) : BigDecimal.ZERO;
            BigDecimal feeAmount = format2 ? readDecimal(in) : BigDecimal.ZERO;
            totals.addCurrency(
                    code,
                    new CurrencyTotals(
                            reconciled,
                            reconciledAmount,
                            unmatchedOpen,
                            unmatchedOpenAmount,
                            unmatchedResolved,
                            unmatchedResolvedAmount,
                            mismatch,
                            duplicate,
                            duplicateAmount,
                            conflict,
                            reversals,
                            reversalAmount,
                            feeAmount));
        }
        int types = in.readInt();
        for (int i = 0; i < types; i++) {
            String name = in.readUTF();
            ExceptionType type;
            try {
                type = ExceptionType.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new IOException("corrupt statement totals: unknown exception type '" + name + "'", e);
            }
            totals.addExceptions(type, in.readLong());
        }
        return totals;
    }

    @Override
    public PeriodTotals deserialize(PeriodTotals reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    private static void writeDecimal(BigDecimal value, DataOutputView out) throws IOException {
        byte[] unscaled = value.unscaledValue().toByteArray();
        out.writeInt(unscaled.length);
        out.write(unscaled);
        out.writeInt(value.scale());
    }

    private static BigDecimal readDecimal(DataInputView in) throws IOException {
        int length = in.readInt();
        if (length <= 0) {
            throw new IOException("corrupt statement totals: a sum of " + length + " bytes");
        }
        byte[] unscaled = new byte[length];
        in.readFully(unscaled);
        return new BigDecimal(new BigInteger(unscaled), in.readInt());
    }

    @Override
    public TypeSerializerSnapshot<PeriodTotals> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Written into savepoints next to the window's state: which serializer wrote the totals. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PeriodTotals> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    /** The Flink type of {@link PeriodTotals}; the core class carries no Flink annotation. */
    public static final class TypeInfo extends SerializerTypeInfo<PeriodTotals> {
        private static final long serialVersionUID = 1L;

        public TypeInfo() {
            super(PeriodTotals.class);
        }

        @Override
        protected TypeSerializer<PeriodTotals> serializer() {
            return INSTANCE;
        }
    }
}
