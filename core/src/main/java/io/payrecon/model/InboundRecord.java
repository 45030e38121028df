package io.payrecon.model;

/**
 * What the source hands downstream for one input value: either a well-formed event or the
 * MALFORMED_EVENT exception it became. Decoding happens in the source, so a malformed value never
 * fails the job and never reaches the watermark generator as an event.
 */
public class InboundRecord {
    public PaymentEvent event;
    public ExceptionRecord malformed;
    /** Where the source read it: the Kafka partition and offset, or -1 (a file). */
    public int partition = -1;

    public long offset = -1;

    public InboundRecord() {}

    public static InboundRecord of(PaymentEvent event) {
        InboundRecord r = new InboundRecord();
        r.event = event;
        return r;
    }

    public static InboundRecord malformed(ExceptionRecord malformed) {
        InboundRecord r = new InboundRecord();
        r.malformed = malformed;
        return r;
    }

    public boolean isEvent() {
        return event != null;
    }
}
