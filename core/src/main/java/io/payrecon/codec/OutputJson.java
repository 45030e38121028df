package io.payrecon.codec;

import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.Kind;
import io.payrecon.model.MalformedSource;
import io.payrecon.model.ReconciledRecord;
import java.time.Instant;

/**
 * Writes the two output records as the contract shows them: fields in the contract's order, times as
 * ISO-8601 UTC with milliseconds only when not zero ({@link Instant#toString()} of a millisecond
 * instant), amounts as the producer's text.
 *
 * <p>Written by hand into a reusable buffer ({@link JsonBytes}) rather than through a Jackson
 * generator per record, which cost about 1.3 µs per record in the profile (issue 22, item 3; see
 * BENCHMARKS.md). The bytes are Jackson's, null fields and escapes included: {@code
 * OutputJsonEquivalenceTest} compares them with the former Jackson implementation ({@code
 * JacksonOutputJson}, in the tests) on random records.
 *
 * <p>Thread-safe: each thread writes into a buffer of its own. In the job that is the task thread
 * (one per subtask, ending with the task), so the buffer does not outlive the job.
 */
public final class OutputJson {
    private static final ThreadLocal<JsonBytes> BUFFER = ThreadLocal.withInitial(JsonBytes::new);

    private static final byte[] ORDER_ID_FIRST = JsonBytes.ascii("{\"order_id\":");
    private static final byte[] MOVEMENT_ID = JsonBytes.ascii(",\"movement_id\":");
    private static final byte[] KIND = JsonBytes.ascii(",\"kind\":");
    private static final byte[] STATUS = JsonBytes.ascii(",\"status\":");
    private static final byte[] AMOUNT = JsonBytes.ascii(",\"amount\":");
    private static final byte[] FEE = JsonBytes.ascii(",\"fee\":");
    private static final byte[] CURRENCY = JsonBytes.ascii(",\"currency\":");
    private static final byte[] DEBIT_EVENT_ID = JsonBytes.ascii(",\"debit_event_id\":");
    private static final byte[] CREDIT_EVENT_ID = JsonBytes.ascii(",\"credit_event_id\":");
    private static final byte[] DEBIT_TIME = JsonBytes.ascii(",\"debit_time\":");
    private static final byte[] CREDIT_TIME = JsonBytes.ascii(",\"credit_time\":");
    private static final byte[] MATCHED_TIME = JsonBytes.ascii(",\"matched_time\":");
    private static final byte[] ORDER_STATUS = JsonBytes.ascii(",\"order_status\":");
    private static final byte[] LATE = JsonBytes.ascii(",\"late\":");

    private static final byte[] EXCEPTION_ID_FIRST = JsonBytes.ascii("{\"exception_id\":");
    private static final byte[] TYPE = JsonBytes.ascii(",\"type\":");
    private static final byte[] STATE = JsonBytes.ascii(",\"state\":");
    private static final byte[] SEVERITY = JsonBytes.ascii(",\"severity\":");
    private static final byte[] ORDER_ID = JsonBytes.ascii(",\"order_id\":");
    private static final byte[] EVENT_IDS = JsonBytes.ascii(",\"event_ids\":[");
    private static final byte[] ARRAY_END = JsonBytes.ascii("]");
    private static final byte[] DETECTED_TIME = JsonBytes.ascii(",\"detected_time\":");
    private static final byte[] DETAIL = JsonBytes.ascii(",\"detail\":");
    private static final byte[] SOURCE = JsonBytes.ascii(",\"source\":");
    private static final byte[] RAW_FIRST = JsonBytes.ascii(",\"source\":{\"raw\":");
    private static final byte[] TRUNCATED = JsonBytes.ascii(",\"truncated\":");
    private static final byte[] FILE = JsonBytes.ascii(",\"file\":");
    private static final byte[] LINE = JsonBytes.ascii(",\"line\":");
    private static final byte[] TOPIC = JsonBytes.ascii(",\"topic\":");
    private static final byte[] PARTITION = JsonBytes.ascii(",\"partition\":");
    private static final byte[] OFFSET = JsonBytes.ascii(",\"offset\":");
    private static final byte[] NOTHING = {};
    private static final byte[] COMMA = JsonBytes.ascii(",");
    private static final byte[] END = JsonBytes.ascii("}");

    private OutputJson() {}

    public static byte[] reconciled(ReconciledRecord r) {
        JsonBytes w = BUFFER.get();
        w.reset();
        w.string(ORDER_ID_FIRST, r.orderId);
        w.string(MOVEMENT_ID, r.movementId);
        w.string(KIND, r.kind == null ? Kind.PAYMENT.wireName() : r.kind.wireName());
        w.string(STATUS, ReconciledRecord.STATUS);
        w.string(AMOUNT, r.amount);
        w.string(FEE, r.fee);
        w.string(CURRENCY, r.currency);
        w.string(DEBIT_EVENT_ID, r.debitEventId);
        w.string(CREDIT_EVENT_ID, r.creditEventId);
        w.time(DEBIT_TIME, r.debitTime);
        w.time(CREDIT_TIME, r.creditTime);
        w.time(MATCHED_TIME, r.matchedTime);
        w.string(ORDER_STATUS, r.orderStatus == null ? null : r.orderStatus.wireName());
        w.bool(LATE, r.late);
        w.raw(END);
        return w.toByteArray();
    }

    /**
     * @throws NullPointerException where the Jackson implementation threw it: no type or state, no
     *     event id list, or a source without its partition and offset (or line)
     */
    public static byte[] exception(ExceptionRecord r) {
        JsonBytes w = BUFFER.get();
        w.reset();
        w.string(EXCEPTION_ID_FIRST, r.exceptionId);
        w.string(TYPE, r.type.name());
        w.string(STATE, r.state.name());
        w.string(SEVERITY, r.severity().name());
        w.string(ORDER_ID, r.orderId);
        w.string(MOVEMENT_ID, r.movementId);
        w.raw(EVENT_IDS);
        boolean first = true;
        for (String id : r.eventIds) {
            w.string(first ? NOTHING : COMMA, id);
            first = false;
        }
        w.raw(ARRAY_END);
        if (r.detectedTime == null) {
            w.nullValue(DETECTED_TIME);
        } else {
            w.time(DETECTED_TIME, r.detectedTime);
        }
        w.string(DETAIL, r.detail);
        w.string(AMOUNT, r.amount);
        w.string(CURRENCY, r.currency);
        if (r.source == null) {
            w.nullValue(SOURCE);
        } else {
            writeSource(w, r.source);
        }
        w.raw(END);
        return w.toByteArray();
    }

    private static void writeSource(JsonBytes w, MalformedSource s) {
        w.string(RAW_FIRST, s.raw);
        w.bool(TRUNCATED, s.truncated);
        if (s.isFromFile()) {
            w.string(FILE, s.file);
            w.number(LINE, s.line);
        } else {
            w.string(TOPIC, s.topic);
            w.number(PARTITION, s.partition);
            w.number(OFFSET, s.offset);
        }
        w.raw(END);
    }

    /** ISO-8601 UTC; milliseconds shown only when not zero. */
    public static String time(long epochMillis) {
        return IsoTime.format(epochMillis);
    }
}
