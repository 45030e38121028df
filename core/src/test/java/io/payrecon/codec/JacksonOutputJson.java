package io.payrecon.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.Kind;
import io.payrecon.model.MalformedSource;
import io.payrecon.model.ReconciledRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The reference for {@link OutputJson}: its Jackson implementation as it was before issue 22 (item 3)
 * replaced it by a hand-written writer, one {@link JsonGenerator} and one byte stream per record.
 * {@code OutputJsonEquivalenceTest} holds the writer to these bytes, and the benchmark driver
 * {@code io.payrecon.bench.OutputJsonThroughput} (through this module's test jar) times the two.
 */
public final class JacksonOutputJson {
    private JacksonOutputJson() {}

    public static byte[] reconciled(ReconciledRecord r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(320);
        try (JsonGenerator g = EventDecoder.JSON.createGenerator(bytes)) {
            writeReconciled(g, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** What {@link #reconciled} writes, on a generator of the caller's (the benchmark's reused one). */
    public static void writeReconciled(JsonGenerator g, ReconciledRecord r) throws IOException {
        g.writeStartObject();
        g.writeStringField("order_id", r.orderId);
        g.writeStringField("movement_id", r.movementId);
        g.writeStringField("kind", r.kind == null ? Kind.PAYMENT.wireName() : r.kind.wireName());
        g.writeStringField("status", ReconciledRecord.STATUS);
        g.writeStringField("amount", r.amount);
        g.writeStringField("fee", r.fee);
        g.writeStringField("currency", r.currency);
        g.writeStringField("debit_event_id", r.debitEventId);
        g.writeStringField("credit_event_id", r.creditEventId);
        g.writeStringField("debit_time", OutputJson.time(r.debitTime));
        g.writeStringField("credit_time", OutputJson.time(r.creditTime));
        g.writeStringField("matched_time", OutputJson.time(r.matchedTime));
        g.writeStringField("order_status", r.orderStatus == null ? null : r.orderStatus.wireName());
        g.writeBooleanField("late", r.late);
        g.writeEndObject();
    }

    public static byte[] exception(ExceptionRecord r) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(
                r.source == null ? 320 : 512 + (r.source.raw == null ? 0 : r.source.raw.length()));
        try (JsonGenerator g = EventDecoder.JSON.createGenerator(bytes)) {
            writeException(g, r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** What {@link #exception} writes, on a generator of the caller's. */
    public static void writeException(JsonGenerator g, ExceptionRecord r) throws IOException {
        g.writeStartObject();
        g.writeStringField("exception_id", r.exceptionId);
        g.writeStringField("type", r.type.name());
        g.writeStringField("state", r.state.name());
        g.writeStringField("severity", r.severity().name());
        g.writeStringField("order_id", r.orderId);
        g.writeStringField("movement_id", r.movementId);
        g.writeArrayFieldStart("event_ids");
        for (String id : r.eventIds) {
            g.writeString(id);
        }
        g.writeEndArray();
        g.writeStringField("detected_time", r.detectedTime == null ? null : OutputJson.time(r.detectedTime));
        g.writeStringField("detail", r.detail);
        g.writeStringField("amount", r.amount);
        g.writeStringField("currency", r.currency);
        if (r.source == null) {
            g.writeNullField("source");
        } else {
            writeSource(g, r.source);
        }
        g.writeEndObject();
    }

    private static void writeSource(JsonGenerator g, MalformedSource s) throws IOException {
        g.writeObjectFieldStart("source");
        g.writeStringField("raw", s.raw);
        g.writeBooleanField("truncated", s.truncated);
        if (s.isFromFile()) {
            g.writeStringField("file", s.file);
            g.writeNumberField("line", s.line);
        } else {
            g.writeStringField("topic", s.topic);
            g.writeNumberField("partition", s.partition);
            g.writeNumberField("offset", s.offset);
        }
        g.writeEndObject();
    }
}
