package io.payrecon.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pins the generator's output byte for byte. The end-to-end tests, the benchmarks and every
 * replayed file rely on "same spec, same bytes, forever": a change to the model that moves one byte
 * must show up here as a changed digest, and be meant. Pinned before the generator was split into
 * classes by concern, so the split is proven not to have changed a byte.
 *
 * <p>Two digests per spec: the bytes a producer writes (key, value, arrival order), and what the
 * model says about each record (scenario, type, ids, time, money, malformed shape), which the
 * reference model of the tests reads.
 */
class TrafficDigestTest {

    static Stream<Arguments> specs() {
        TrafficSpec rich =
                TrafficSpec.builder().orders(3_000).seed(7).allAnomalies(0.05).build();
        return Stream.of(
                Arguments.of(
                        "defaults",
                        TrafficSpec.defaults(),
                        "c37baeb0adb09b0303dca0257f851f949edd7ab79b877d6fcd4f4c6c4fadd872",
                        "20c4d369e9bafad1969df63946c3f6124b16c26dabead73a24d24fd6ad27af42"),
                Arguments.of(
                        "every anomaly at 5 %",
                        rich,
                        "b920192b366575ccae4b9b8f75d7f8b36af6bdbe8157b3c4ca23f099e06d2826",
                        "9cf775a640e1ac00562ca9ea0a5fc55440daa57238d6a7263e82d352a247b6ad"),
                Arguments.of(
                        "in order, 1 ms apart, every order with lifecycle",
                        rich.toBuilder()
                                .seed(99)
                                .outOfOrderBoundMillis(0)
                                .eventSpacingMillis(1)
                                .lifecycleShare(1.0)
                                .build(),
                        "9bd87cde2c614c8a809320e17298285a2015544b5fb8976c135188758e64b797",
                        "a5ccfdbec3f53bb9ab9e928afabf8c748c4e997d6facb886bb0628603af7823f"),
                Arguments.of(
                        "a 2 s match window, a 30 s arrival bound, late matches and malformed records",
                        TrafficSpec.builder()
                                .orders(2_000)
                                .seed(-5)
                                .matchWindowMillis(2_000)
                                .outOfOrderBoundMillis(30_000)
                                .share(Scenario.LATE_MATCH, 0.3)
                                .share(Scenario.MALFORMED, 0.2)
                                .build(),
                        "f75077963ff04be40518973ce3757cc34253e45e9ae9e2e0eee3ed1f32891ab1",
                        "35b06d3f71f9066f310af119633d128dadb81ae0798ead1359a9fd987edcc786"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void sameSpecGivesThePinnedBytes(String name, TrafficSpec spec, String bytesDigest, String modelDigest)
            throws Exception {
        MessageDigest bytes = MessageDigest.getInstance("SHA-256");
        MessageDigest model = MessageDigest.getInstance("SHA-256");
        TrafficGenerator.stream(spec, r -> {
            bytes.update(r.keyBytes());
            bytes.update((byte) 0);
            bytes.update(r.value());
            bytes.update((byte) '\n');
            String facts = r.scenario() + "|" + r.type() + "|" + r.orderId() + "|" + r.eventId() + "|" + r.eventTime()
                    + "|" + r.amount() + "|" + r.currency() + "|" + r.malformedShape() + "\n";
            model.update(facts.getBytes(StandardCharsets.UTF_8));
        });
        assertThat(HexFormat.of().formatHex(bytes.digest()))
                .as("key and value bytes")
                .isEqualTo(bytesDigest);
        assertThat(HexFormat.of().formatHex(model.digest()))
                .as("what the model says")
                .isEqualTo(modelDigest);
    }
}
