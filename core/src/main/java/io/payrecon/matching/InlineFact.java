package io.payrecon.matching;

import io.payrecon.model.EventType;
import io.payrecon.model.Kind;

/**
 * A recorded id and its fact, kept inline in its order's value while the order holds few ids (see
 * {@link OrderState#inlineFacts}). A Flink POJO: its class name and fields are in savepoints.
 */
public class InlineFact {
    public String eventId;
    /** Null: an id from a release before v2, which kept no fact. */
    public EventType type;

    public long eventTime;
    public String amount;
    public String currency;
    public String movementId;
    public Kind kind;
    public String fee;
    public boolean conflictReported;

    public InlineFact() {}

    InlineFact(String eventId, RecordedFact fact) {
        this.eventId = eventId;
        this.type = fact.type;
        this.eventTime = fact.eventTime;
        this.amount = fact.amount;
        this.currency = fact.currency;
        this.movementId = fact.movementId;
        this.kind = fact.kind;
        this.fee = fact.fee;
        this.conflictReported = fact.conflictReported;
    }

    RecordedFact fact() {
        return new RecordedFact(type, eventTime, amount, currency, movementId, kind, fee, conflictReported);
    }
}
