package io.payrecon.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.codec.DecodeResult;
import io.payrecon.codec.EventDecoder;
import io.payrecon.codec.RawText;
import io.payrecon.generator.MalformedInputCatalogue.Debit;
import io.payrecon.generator.MalformedInputCatalogue.Shape;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every shape of the catalogue is malformed for the tests' own reading of the contract and for the
 * job's decoder, for the reason the shape is named after, whatever debit it is made from.
 */
class MalformedInputCatalogueTest {
    /** What the job's decoder says about each shape (a part of its error text). */
    private static final Map<Shape, String> DECODER_SAYS = new EnumMap<>(Map.ofEntries(
            Map.entry(Shape.NOT_JSON, "invalid JSON"),
            Map.entry(Shape.JSON_ARRAY, "not a JSON object"),
            Map.entry(Shape.TRAILING_DATA, "trailing data"),
            Map.entry(Shape.NAN_AMOUNT, "invalid JSON"),
            Map.entry(Shape.DUPLICATE_FIELD, "invalid JSON"),
            Map.entry(Shape.MISSING_EVENT_ID, "missing event_id"),
            Map.entry(Shape.NEGATIVE_AMOUNT, "is not a plain decimal"),
            Map.entry(Shape.ZERO_AMOUNT, "must be greater than 0"),
            Map.entry(Shape.EXPONENT_AMOUNT, "is not a plain decimal"),
            Map.entry(Shape.NINETEEN_DIGIT_AMOUNT, "is not a plain decimal"),
            Map.entry(Shape.NINE_DECIMAL_AMOUNT, "is not a plain decimal"),
            Map.entry(Shape.LOWER_CASE_CURRENCY, "is not an upper-case ISO 4217 code"),
            Map.entry(Shape.UNKNOWN_CURRENCY, "is not an upper-case ISO 4217 code"),
            Map.entry(Shape.UNKNOWN_TYPE, "unknown type 'refund'"),
            Map.entry(Shape.NUMERIC_STRING_EVENT_TIME, "is not epoch milliseconds"),
            Map.entry(Shape.ORDER_ID_NUMBER, "order_id must be a JSON string"),
            Map.entry(Shape.INVALID_UTF8, "not valid UTF-8"),
            Map.entry(Shape.MISSING_AMOUNT, "missing amount"),
            Map.entry(Shape.EVENT_ID_TOO_LONG, "must have 1 to 256 characters"),
            Map.entry(Shape.EVENT_TIME_WITHOUT_OFFSET, "is not epoch milliseconds"),
            Map.entry(Shape.AMOUNT_WITH_SEPARATOR, "is not a plain decimal"),
            Map.entry(Shape.JSON_STRING, "not a JSON object"),
            Map.entry(Shape.JSON_NUMBER, "not a JSON object"),
            Map.entry(Shape.EMPTY, "empty"),
            Map.entry(Shape.DEEP_NESTING, "invalid JSON"),
            Map.entry(Shape.EVENT_ID_NUMBER, "event_id must be a JSON string"),
            Map.entry(Shape.NON_NUMERIC_AMOUNT, "is not a plain decimal"),
            Map.entry(Shape.HUGE_ORDER_ID, "must have 1 to 256 characters"),
            Map.entry(Shape.HUGE_VALUE, "missing event_time")));

    /** Debits as the generator makes them: rupiah, dollars under 1,000, yen without decimals. */
    private static final List<Debit> DEBITS = List.of(
            new Debit("o-7-12", 12, "e-7-12-3", "150000.00", "IDR", 1_795_255_200_000L),
            new Debit("o-42-0", 0, "e-42-0-2", "12.34", "USD", 1_795_255_200_123L),
            new Debit("o-1-99", 99, "e-1-99-1", "2946", "JPY", 0L));

    static Stream<Arguments> shapes() {
        return Arrays.stream(Shape.values()).flatMap(shape -> DEBITS.stream().map(debit -> Arguments.of(shape, debit)));
    }

    @ParameterizedTest(name = "{0} of {1}")
    @MethodSource("shapes")
    void everyShapeIsMalformedForItsOwnReason(Shape shape, Debit debit) {
        byte[] value = shape.value(debit);
        assertThat(ContractCheck.isMalformed(value))
                .as("the tests' reading of the contract")
                .isTrue();
        DecodeResult decoded = new EventDecoder().decode(value);
        assertThat(decoded.isEvent()).isFalse();
        assertThat(decoded.error()).contains(DECODER_SAYS.get(shape));
    }

    @Test
    void theTableNamesEveryShape() {
        assertThat(DECODER_SAYS.keySet()).containsExactly(Shape.values());
    }

    @Test
    void theTrafficShapesComeFirstSoThatNewShapesLeaveTheGeneratedBytesAlone() {
        List<Shape> all = List.of(Shape.values());
        assertThat(MalformedInputCatalogue.IN_TRAFFIC)
                .isEqualTo(all.subList(0, MalformedInputCatalogue.IN_TRAFFIC.size()));
        assertThat(all.subList(MalformedInputCatalogue.IN_TRAFFIC.size(), all.size()))
                .noneMatch(Shape::inTraffic);
        // The generator writes JSON lines: no traffic shape may hold a line break.
        for (Shape shape : MalformedInputCatalogue.IN_TRAFFIC) {
            for (Debit debit : DEBITS) {
                assertThat(shape.value(debit)).as(shape.name()).doesNotContain((byte) '\n', (byte) '\r');
            }
        }
    }

    @Test
    void theHostileCorpusHasOneValueOfEveryShapeAndTwoLargerThanAnExceptionCarries() {
        List<byte[]> corpus = MalformedInputCatalogue.hostileCorpus();
        assertThat(corpus).hasSize(Shape.values().length);
        for (int i = 0; i < corpus.size(); i++) {
            Shape shape = Shape.values()[i];
            assertThat(new EventDecoder().decode(corpus.get(i)).error())
                    .as(shape.name())
                    .contains(DECODER_SAYS.get(shape));
        }
        assertThat(corpus.stream().filter(v -> v.length > RawText.MAX_BYTES).map(v -> v.length))
                .as("the 100 KB order id and the 10 MiB value")
                .hasSize(2)
                .anyMatch(n -> n > 10 * 1024 * 1024);
    }
}
