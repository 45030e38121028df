package io.payrecon.upgrade;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.payrecon.codec.DecodeResult;
import io.payrecon.codec.EventDecoder;
import io.payrecon.codec.RawPolicy;
import io.payrecon.model.EventType;
import io.payrecon.model.Kind;
import io.payrecon.model.PaymentEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Compares how contract v2 and v3 read one input value. v2's view is the real decoder on the value
 * with the top-level {@code movement_id}, {@code kind} and {@code fee} set to JSON null, which v3
 * reads as absent: everything else v3 changed (such as the event-time range) is the same in both
 * views, so any difference is due to those three fields alone. Duplicate names and broken JSON stay
 * as they are, so a record v2 rejected is rejected in both views.
 *
 * <p>Never keeps or returns a value of the record: the fields may hold card numbers.
 */
public final class V3Reading {
    static final List<String> V3_FIELDS = List.of("movement_id", "kind", "fee");

    private static final JsonFactory JSON = new JsonFactory();
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private final EventDecoder decoder = new EventDecoder(RawPolicy.NONE);

    /** The ways v3 reads {@code value} differently from v2; empty when it reads it the same. */
    public Set<V3Difference> differences(byte[] value) {
        Set<V3Difference> found = EnumSet.noneOf(V3Difference.class);
        DecodeResult v2 = decoder.decode(withNulls(value, V3_FIELDS));
        if (!v2.isEvent() || !v2.event().type.isMoneyMovement()) {
            // Malformed for v2 already, or a lifecycle event (v3 ignores the fields there too).
            return found;
        }
        DecodeResult v3 = decoder.decode(value);
        if (!v3.isEvent()) {
            // One field at a time, so that each offending field is named.
            for (String field : V3_FIELDS) {
                List<String> others = new ArrayList<>(V3_FIELDS);
                others.remove(field);
                if (!decoder.decode(withNulls(value, others)).isEvent()) {
                    found.add(malformedBy(field, v2.event().type));
                }
            }
            return found;
        }
        PaymentEvent event = v3.event();
        if (event.movementId != null) {
            found.add(V3Difference.MOVEMENT_ID_SET);
        }
        if (event.kind != null && event.kind != Kind.PAYMENT) {
            found.add(V3Difference.KIND_RETURNS_MONEY);
        }
        if (event.fee != null) {
            found.add(V3Difference.FEE_SET);
        }
        return found;
    }

    private static V3Difference malformedBy(String field, EventType type) {
        return switch (field) {
            case "movement_id" -> V3Difference.MOVEMENT_ID_INVALID;
            case "kind" -> V3Difference.KIND_INVALID;
            default -> type == EventType.DEBIT ? V3Difference.FEE_ON_DEBIT : V3Difference.FEE_INVALID;
        };
    }

    /**
     * The value with the top-level fields of these names set to {@code null}, every other byte
     * kept; the value itself when it is not a readable JSON object (then both views reject it).
     */
    static byte[] withNulls(byte[] value, List<String> names) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length);
        int copied = 0;
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return value;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean blank = names.contains(p.currentName());
                JsonToken token = p.nextToken();
                int start = (int) p.currentTokenLocation().getByteOffset();
                if (token.isStructStart()) {
                    p.skipChildren();
                } else {
                    p.getText(); // finishes a string token, so that the location is past its end
                }
                int end = (int) p.currentLocation().getByteOffset();
                if (blank) {
                    out.write(value, copied, start - copied);
                    out.write(NULL, 0, NULL.length);
                    copied = end;
                }
            }
        } catch (IOException e) {
            return value;
        }
        out.write(value, copied, value.length - copied);
        return out.toByteArray();
    }
}
