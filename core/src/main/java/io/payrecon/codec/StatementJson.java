package io.payrecon.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import io.payrecon.model.ExceptionType;
import io.payrecon.statements.CurrencyTotals;
import io.payrecon.statements.Statement;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a record of the {@code statements} topic as the contract shows it: exactly its fields,
 * times as {@link OutputJson#time}, counts as JSON integers, sums as plain decimal text (never an
 * exponent: {@link BigDecimal#toPlainString}).
 */
public final class StatementJson {
    private StatementJson() {}

    /** The record key: {@code period_start}'s text, UTF-8. */
    public static byte[] key(Statement s) {
        return keyText(s).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code period_start}'s text. */
    public static String keyText(Statement s) {
        return OutputJson.time(s.periodStart());
    }

    public static byte[] encode(Statement s) {
        ByteArrayOutputStream bytes =
                new ByteArrayOutputStream(160 + 400 * s.totals().currencies().size());
        try (JsonGenerator g = EventDecoder.JSON.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("period_start", OutputJson.time(s.periodStart()));
            g.writeStringField("period_end", OutputJson.time(s.periodEnd()));
            g.writeNumberField("revision", s.revision());
            g.writeObjectFieldStart("currencies");
            for (Map.Entry<String, CurrencyTotals> c : s.totals().currencies().entrySet()) {
                writeCurrency(g, c.getKey(), c.getValue());
            }
            g.writeEndObject();
            g.writeObjectFieldStart("exceptions");
            for (Map.Entry<ExceptionType, Long> e : s.totals().exceptions().entrySet()) {
                g.writeNumberField(e.getKey().name(), e.getValue());
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void writeCurrency(JsonGenerator g, String currency, CurrencyTotals t) throws IOException {
        g.writeObjectFieldStart(currency);
        g.writeNumberField("reconciled_count", t.reconciledCount());
        g.writeStringField("reconciled_amount", t.reconciledAmount().toPlainString());
        g.writeNumberField("unmatched_open_count", t.unmatchedOpenCount());
        g.writeStringField("unmatched_open_amount", t.unmatchedOpenAmount().toPlainString());
        g.writeNumberField("unmatched_resolved_count", t.unmatchedResolvedCount());
        g.writeStringField(
                "unmatched_resolved_amount", t.unmatchedResolvedAmount().toPlainString());
        g.writeNumberField("mismatch_count", t.mismatchCount());
        g.writeNumberField("duplicate_count", t.duplicateCount());
        g.writeStringField("duplicate_amount", t.duplicateAmount().toPlainString());
        g.writeNumberField("conflict_count", t.conflictCount());
        g.writeNumberField("reversal_count", t.reversalCount());
        g.writeStringField("reversal_amount", t.reversalAmount().toPlainString());
        g.writeStringField("fee_amount", t.feeAmount().toPlainString());
        g.writeEndObject();
    }
}
