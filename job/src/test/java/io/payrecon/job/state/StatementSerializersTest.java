package io.payrecon.job.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.job.statements.StatementWindow;
import io.payrecon.model.ExceptionType;
import io.payrecon.statements.CurrencyTotals;
import io.payrecon.statements.PeriodTotals;
import io.payrecon.statements.Statement;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.HexFormat;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The statement window's state ({@link PeriodTotals}) and its output ({@link Statement}) in Flink's
 * binary form: exact round trips (the scale of every sum included), independent copies, and the
 * state format pinned byte for byte, since savepoints hold it.
 */
class StatementSerializersTest {
    private static PeriodTotals sample() {
        return new PeriodTotals()
                .addCurrency(
                        "EUR",
                        new CurrencyTotals(
                                1204,
                                new BigDecimal("3200417.50"),
                                7,
                                new BigDecimal("21000.00"),
                                5,
                                new BigDecimal("9000.00"),
                                2,
                                1,
                                new BigDecimal("150.00"),
                                0,
                                0,
                                BigDecimal.ZERO,
                                BigDecimal.ZERO))
                .addCurrency(
                        "JPY",
                        new CurrencyTotals(
                                3,
                                new BigDecimal("19999999999999999999.99999980"),
                                0,
                                BigDecimal.ZERO,
                                0,
                                BigDecimal.ZERO,
                                0,
                                0,
                                BigDecimal.ZERO,
                                4,
                                0,
                                BigDecimal.ZERO,
                                BigDecimal.ZERO))
                .addExceptions(ExceptionType.UNMATCHED_DEBIT, 12)
                .addExceptions(ExceptionType.EVENT_ID_CONFLICT, 4);
    }

    private static <T> byte[] bytes(TypeSerializer<T> serializer, T value) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        return out.getCopyOfBuffer();
    }

    private static <T> T read(TypeSerializer<T> serializer, byte[] bytes) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        T value = serializer.deserialize(in);
        assertThat(in.available()).as("every byte read").isZero();
        return value;
    }

    @Test
    void totalsRoundTripExactlyWithTheScaleOfEverySum() throws IOException {
        TypeSerializer<PeriodTotals> serializer =
                StatementWindow.TOTALS_TYPE.createSerializer(new SerializerConfigImpl());
        for (PeriodTotals totals : new PeriodTotals[] {new PeriodTotals(), sample()}) {
            PeriodTotals back = read(serializer, bytes(serializer, totals));
            assertThat(back).isEqualTo(totals);
            assertThat(back.currencies().keySet())
                    .containsExactlyElementsOf(totals.currencies().keySet());
        }
        assertThat(read(serializer, bytes(serializer, sample()))
                        .currencies()
                        .get("EUR")
                        .reconciledAmount()
                        .toPlainString())
                .isEqualTo("3200417.50");
    }

    @Test
    void copiesAreIndependentOfTheStateTheyCameFrom() throws IOException {
        PeriodTotals state = sample();
        PeriodTotals copy = StatementTotalsSerializer.INSTANCE.copy(state);
        state.merge(sample());
        assertThat(copy).isEqualTo(sample()).isNotEqualTo(state);

        DataOutputSerializer out = new DataOutputSerializer(64);
        StatementTotalsSerializer.INSTANCE.copy(
                new DataInputDeserializer(bytes(StatementTotalsSerializer.INSTANCE, sample())), out);
        assertThat(read(StatementTotalsSerializer.INSTANCE, out.getCopyOfBuffer()))
                .isEqualTo(sample());
    }

    @Test
    void statementsRoundTrip() throws IOException {
        TypeSerializer<Statement> serializer =
                StatementWindow.STATEMENT_TYPE.createSerializer(new SerializerConfigImpl());
        Statement statement = new Statement(-3_600_000, 0, 17, sample());
        assertThat(read(serializer, bytes(serializer, statement))).isEqualTo(statement);
        Statement copy = serializer.copy(statement);
        statement.totals().merge(sample());
        assertThat(copy).isEqualTo(new Statement(-3_600_000, 0, 17, sample()));
    }

    /** Savepoints hold this format: a change needs a new format version and a migration, not an edit. */
    @Test
    void theStateFormatIsPinned() throws IOException {
        PeriodTotals totals = new PeriodTotals()
                .addCurrency(
                        "EUR",
                        new CurrencyTotals(
                                1,
                                new BigDecimal("100.50"),
                                2,
                                new BigDecimal("3"),
                                0,
                                BigDecimal.ZERO,
                                0,
                                0,
                                BigDecimal.ZERO,
                                0,
                                0,
                                BigDecimal.ZERO,
                                BigDecimal.ZERO))
                .addExceptions(ExceptionType.UNMATCHED_DEBIT, 2);
        assertThat(HexFormat.of().formatHex(bytes(StatementTotalsSerializer.INSTANCE, totals)))
                .isEqualTo(PINNED_FORMAT_2);
        assertThat(read(StatementTotalsSerializer.INSTANCE, HexFormat.of().parseHex(PINNED_FORMAT_2)))
                .isEqualTo(totals);
    }

    /** Release 2.0's format still reads: its reversals and fees are 0. */
    @Test
    void formatOneStillReads() throws IOException {
        PeriodTotals totals = new PeriodTotals()
                .addCurrency(
                        "EUR",
                        new CurrencyTotals(
                                1,
                                new BigDecimal("100.50"),
                                2,
                                new BigDecimal("3"),
                                0,
                                BigDecimal.ZERO,
                                0,
                                0,
                                BigDecimal.ZERO,
                                0,
                                0,
                                BigDecimal.ZERO,
                                BigDecimal.ZERO))
                .addExceptions(ExceptionType.UNMATCHED_DEBIT, 2);
        assertThat(read(StatementTotalsSerializer.INSTANCE, HexFormat.of().parseHex(PINNED_FORMAT_1)))
                .isEqualTo(totals);
    }

    /** Release 3.0: the marker, then format 1 with the three v3 figures after each currency's sums. */
    private static final String PINNED_FORMAT_2 = "fffffffe" // format 2
            + "00000001" // one currency
            + "0003455552" // "EUR"
            + "0000000000000001" // reconciled count
            + "0000000000000002" // unmatched open count
            + "0000000000000000" // unmatched resolved count
            + "0000000000000000" // mismatch count
            + "0000000000000000" // duplicate count
            + "0000000000000000" // conflict count
            + "00000002" + "2742" + "00000002" // reconciled sum: 10050 at scale 2, 100.50
            + "00000001" + "03" + "00000000" // unmatched open sum: 3
            + "00000001" + "00" + "00000000" // unmatched resolved sum: 0
            + "00000001" + "00" + "00000000" // duplicate sum: 0
            + "0000000000000000" // reversal count
            + "00000001" + "00" + "00000000" // reversal sum: 0
            + "00000001" + "00" + "00000000" // fee sum: 0
            + "00000001" // one exception type
            + "000f554e4d4154434845445f4445424954" // "UNMATCHED_DEBIT"
            + "0000000000000002";

    private static final String PINNED_FORMAT_1 = "00000001" // one currency
            + "0003455552" // "EUR"
            + "0000000000000001" // reconciled count
            + "0000000000000002" // unmatched open count
            + "0000000000000000" // unmatched resolved count
            + "0000000000000000" // mismatch count
            + "0000000000000000" // duplicate count
            + "0000000000000000" // conflict count
            + "00000002" + "2742" + "00000002" // reconciled sum: 10050 at scale 2, 100.50
            + "00000001" + "03" + "00000000" // unmatched open sum: 3
            + "00000001" + "00" + "00000000" // unmatched resolved sum: 0
            + "00000001" + "00" + "00000000" // duplicate sum: 0
            + "00000001" // one exception type
            + "000f554e4d4154434845445f4445424954" // "UNMATCHED_DEBIT"
            + "0000000000000002";

    @Test
    void theSnapshotRestoresACompatibleSerializer() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, StatementTotalsSerializer.INSTANCE.snapshotConfiguration());
        TypeSerializerSnapshot<PeriodTotals> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());
        assertThat(restored).isInstanceOf(StatementTotalsSerializer.Snapshot.class);
        assertThat(restored.restoreSerializer()).isEqualTo(StatementTotalsSerializer.INSTANCE);
        assertThat(StatementTotalsSerializer.INSTANCE
                        .snapshotConfiguration()
                        .resolveSchemaCompatibility(restored)
                        .isCompatibleAsIs())
                .isTrue();
    }
}
