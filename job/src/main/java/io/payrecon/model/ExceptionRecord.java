package io.payrecon.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** One record of the {@code exceptions} topic (a Flink POJO). */
public class ExceptionRecord {
    public String exceptionId;
    public ExceptionType type;
    public AlertState state;
    public String orderId;
    /** The well-formed events involved, in sequence order; empty for malformed input. */
    public List<String> eventIds = new ArrayList<>();
    /** Epoch milliseconds, or null for malformed input. */
    public Long detectedTime;
    public String detail;
    /** Only for MALFORMED_EVENT. */
    public MalformedSource source;

    public ExceptionRecord() {}

    public ExceptionRecord(
            String exceptionId,
            ExceptionType type,
            AlertState state,
            String orderId,
            List<String> eventIds,
            Long detectedTime,
            String detail,
            MalformedSource source) {
        this.exceptionId = exceptionId;
        this.type = type;
        this.state = state;
        this.orderId = orderId;
        this.eventIds = eventIds;
        this.detectedTime = detectedTime;
        this.detail = detail;
        this.source = source;
    }

    /** An exception about one order: its id is {@code <order_id>:<type>}, plus a suffix when given. */
    public static ExceptionRecord forOrder(
            String orderId, ExceptionType type, AlertState state, String idSuffix,
            List<String> eventIds, long detectedTime, String detail) {
        String id = orderId + ":" + type.name() + (idSuffix == null ? "" : ":" + idSuffix);
        return new ExceptionRecord(id, type, state, orderId, eventIds, detectedTime, detail, null);
    }

    public static ExceptionRecord malformed(String orderId, String detail, MalformedSource source) {
        String id = source.isFromFile()
                ? "malformed:" + source.file + ":" + source.line
                : "malformed:" + source.topic + ":" + source.partition + ":" + source.offset;
        return new ExceptionRecord(
                id, ExceptionType.MALFORMED_EVENT, AlertState.OPEN, orderId, new ArrayList<>(), null, detail, source);
    }

    public ExceptionType.Severity severity() {
        return type.severity();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ExceptionRecord)) {
            return false;
        }
        ExceptionRecord that = (ExceptionRecord) o;
        return Objects.equals(exceptionId, that.exceptionId)
                && type == that.type
                && state == that.state
                && Objects.equals(orderId, that.orderId)
                && Objects.equals(eventIds, that.eventIds)
                && Objects.equals(detectedTime, that.detectedTime)
                && Objects.equals(detail, that.detail)
                && Objects.equals(source, that.source);
    }

    @Override
    public int hashCode() {
        return Objects.hash(exceptionId, type, state, orderId, eventIds, detectedTime, detail, source);
    }

    @Override
    public String toString() {
        return exceptionId + "/" + state + " " + eventIds + " @" + detectedTime + ": " + detail;
    }
}
