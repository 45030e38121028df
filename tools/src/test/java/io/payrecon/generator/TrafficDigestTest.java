package io.payrecon.generator;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.model.Kind;
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
 *
 * <p>Contract v2 added {@link Scenario#EVENT_ID_CONFLICT} (2 % by default, as every anomaly), which
 * moved the digests of every spec that has such orders. A spec without them still gives the bytes it
 * gave before: the last two specs keep the digests pinned before v2.
 *
 * <p>Contract v3 added the multi-movement scenarios, fees and the hot order, on by default (30 %
 * multi-movement orders), which moved the digests of "defaults", "every anomaly at 5 %" and "in
 * order, 1 ms apart" on purpose. Every spec with v3's scenarios off ({@link #withoutV3}) still gives
 * the bytes pinned before v3, digests unchanged: the v2 scenarios did not move a byte.
 */
class TrafficDigestTest {

    /** The spec with contract v3's scenarios and the hot order off: what it generated before v3. */
    static TrafficSpec.Builder withoutV3(TrafficSpec.Builder b) {
        for (Scenario s : Scenario.anomalies()) {
            if (s.ordinal() > Scenario.EVENT_ID_CONFLICT.ordinal()) {
                b.share(s, 0);
            }
        }
        return b.hotOrderMovements(0);
    }

    static Stream<Arguments> specs() {
        TrafficSpec rich =
                TrafficSpec.builder().orders(3_000).seed(7).allAnomalies(0.05).build();
        return Stream.of(
                Arguments.of(
                        "defaults",
                        TrafficSpec.defaults(),
                        "246f66491ef0e696dbf32fc8cd663e2682f89f4cc05d4bcee30d15b20342ab52",
                        "a565888b9382aa03eddd10434d31e79cb5425253344a3e3e705a7a3eb5363013"),
                Arguments.of(
                        "every anomaly at 5 %",
                        rich,
                        "61d6b6fd6cfae50253559344f876b144392a63e6915fa6282097574727fce89a",
                        "b99e318f27b1f36885663ccdb457a35fe927f61da106def7b01014e432ae691c"),
                Arguments.of(
                        "defaults without v3's scenarios: the bytes of the defaults before contract v3",
                        withoutV3(TrafficSpec.defaults().toBuilder()).build(),
                        "7849b9a04ff16138b8377d51ea7fd38064bb5cbe96c2275372457923dcbc27c3",
                        "0371e3a86698e746da780a819f0ecc7650e5f288bc6951af3b3fe7c7cb54a2fb"),
                Arguments.of(
                        "every v2 anomaly at 5 %: the bytes before contract v3",
                        withoutV3(rich.toBuilder()).build(),
                        "5b92a3272e3ddd2f0ad51a96e60bead2a74602d9a3dd87f2122bf7c60596667b",
                        "c6e47e32909b3f38e2b59a65bcae207b6eeb6a7cde4e5d026f96ce0514031eac"),
                Arguments.of(
                        "in order, 1 ms apart, every order with lifecycle",
                        rich.toBuilder()
                                .seed(99)
                                .outOfOrderBoundMillis(0)
                                .eventSpacingMillis(1)
                                .lifecycleShare(1.0)
                                .build(),
                        "f91b87b273e698ee64ee451938a2d770797924aaaadf223f926db639c6d6c140",
                        "651abaddf12f8063e05a1a386599464fbca93814409be4e9bdc92f4c3cc611ff"),
                Arguments.of(
                        "a 2 s match window, a 30 s arrival bound, late matches and malformed records",
                        withoutV3(TrafficSpec.builder()
                                        .orders(2_000)
                                        .seed(-5)
                                        .matchWindowMillis(2_000)
                                        .outOfOrderBoundMillis(30_000)
                                        .share(Scenario.LATE_MATCH, 0.3)
                                        .share(Scenario.MALFORMED, 0.2))
                                .build(),
                        "3213bce67c3488dcdcae753df77b3afc8482a8a374132223b6a7397bf15bfcff",
                        "efedbfded080d6af8a96b517962ec592f109f1f81080bbfd0e3f1d7d2b3013ba"),
                Arguments.of(
                        "defaults without event-id conflicts: the bytes of the defaults before contract v2",
                        withoutV3(TrafficSpec.defaults().toBuilder())
                                .share(Scenario.EVENT_ID_CONFLICT, 0)
                                .build(),
                        "c37baeb0adb09b0303dca0257f851f949edd7ab79b877d6fcd4f4c6c4fadd872",
                        "20c4d369e9bafad1969df63946c3f6124b16c26dabead73a24d24fd6ad27af42"),
                Arguments.of(
                        "every other anomaly at 5 %, no event-id conflicts: the bytes before contract v2",
                        withoutV3(rich.toBuilder())
                                .share(Scenario.EVENT_ID_CONFLICT, 0)
                                .build(),
                        "b920192b366575ccae4b9b8f75d7f8b36af6bdbe8157b3c4ca23f099e06d2826",
                        "9cf775a640e1ac00562ca9ea0a5fc55440daa57238d6a7263e82d352a247b6ad"));
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
                    + "|" + r.amount() + "|" + r.currency() + "|" + r.malformedShape() + movementFacts(r) + "\n";
            model.update(facts.getBytes(StandardCharsets.UTF_8));
        });
        assertThat(HexFormat.of().formatHex(bytes.digest()))
                .as("key and value bytes")
                .isEqualTo(bytesDigest);
        assertThat(HexFormat.of().formatHex(model.digest()))
                .as("what the model says")
                .isEqualTo(modelDigest);
    }

    /** Contract v3's movement, kind and fee; nothing for a v2 record, so that v2 pins stay valid. */
    private static String movementFacts(GeneratedRecord r) {
        boolean v2 = r.movementId() == null && r.fee() == null && (r.kind() == null || r.kind() == Kind.PAYMENT);
        return v2 ? "" : "|" + r.movementId() + "|" + r.kind() + "|" + r.fee();
    }
}
