package io.payrecon.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fixed-position ISO reader agrees with the JDK's parser, the contract's form enforced by a regex. */
class IsoTimeTest {
    private static final Pattern FORM = Pattern.compile(
            "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?(Z|[+-][0-9]{2}:[0-9]{2})");

    static Long reference(String text) {
        if (!FORM.matcher(text).matches()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant()
                    .toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2026-11-21T10:00:00Z",
                "2026-11-21T17:00:00+07:00",
                "2026-11-21T05:30:00-04:30",
                "2026-11-21T10:00:00.1Z",
                "2026-11-21T10:00:00.123999999Z",
                "2026-11-21T10:00:00.1234567890Z",
                "2024-02-29T00:00:00Z",
                "2025-02-29T00:00:00Z",
                "2026-02-30T10:00:00Z",
                "2026-13-01T00:00:00Z",
                "2026-11-21T24:00:00Z",
                "2026-11-21T23:60:00Z",
                "2026-11-21T23:59:60Z",
                "2026-11-21T10:00:00+18:00",
                "2026-11-21T10:00:00+18:01",
                "2026-11-21T10:00:00-18:00",
                "2026-11-21T10:00:00+07:60",
                "2026-11-21T10:00:00",
                "2026-11-21 10:00:00Z",
                "2026-11-21T10:00:00z",
                "2026-11-21T10:00:00+0700",
                "2026-11-21T10:00:00.Z",
                "0000-01-01T00:00:00Z",
                "9999-12-31T23:59:59.999+00:00",
                "1969-12-31T23:59:59.999Z",
                "2026-11-21T10:00:00Z ",
                " 2026-11-21T10:00:00Z",
                "2026-1-21T10:00:00Z",
                "+2026-11-21T10:00:00Z",
                "2026-11-21T10:00:00+07:00:00",
                "2026-11-21T10:00Z",
                "abcd-ef-ghTij:kl:mnZ",
                "2026-11-21T10:00:00\u0661Z"
            })
    void agreesWithTheJdk(String text) {
        assertThat(IsoTime.parse(text)).as(text).isEqualTo(reference(text));
    }

    @Test
    void agreesWithTheJdkOnRandomTimes() {
        Random random = new Random(7);
        for (int i = 0; i < 100_000; i++) {
            String text = String.format(
                    "%04d-%02d-%02dT%02d:%02d:%02d%s%s",
                    random.nextInt(10_000),
                    random.nextInt(14),
                    random.nextInt(33),
                    random.nextInt(26),
                    random.nextInt(62),
                    random.nextInt(62),
                    random.nextInt(3) == 0
                            ? ""
                            : "." + Long.toString(Math.abs(random.nextLong())).substring(0, 1 + random.nextInt(10)),
                    random.nextInt(3) == 0
                            ? "Z"
                            : String.format(
                                    "%s%02d:%02d",
                                    random.nextBoolean() ? "+" : "-", random.nextInt(20), random.nextInt(62)));
            assertThat(IsoTime.parse(text)).as(text).isEqualTo(reference(text));
        }
    }

    @Test
    void plainDecimalMatchesTheContractsPattern() {
        Pattern amount = Pattern.compile("[0-9]{1,18}(\\.[0-9]{1,8})?");
        Random random = new Random(3);
        String alphabet = "0123456789.-+e ,";
        for (int i = 0; i < 100_000; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(30);
            for (int k = 0; k < length; k++) {
                text.append(
                        random.nextInt(5) == 0
                                ? alphabet.charAt(random.nextInt(alphabet.length()))
                                : (char) ('0' + random.nextInt(10)));
            }
            assertThat(EventDecoder.isPlainDecimal(text.toString()))
                    .as(text.toString())
                    .isEqualTo(amount.matcher(text).matches());
        }
    }

    @ParameterizedTest
    @ValueSource(
            longs = {
                0L,
                1L,
                999L,
                1_000L,
                -1L,
                -999L,
                -1_000L,
                1_795_255_203_250L,
                951_782_400_000L, // 2000-02-29
                4_107_542_400_000L, // 2100-03-01
                -62_167_219_200_000L, // 0000-01-01
                -62_167_219_200_001L, // before year 0: the JDK's signed form
                253_402_300_799_999L, // 9999-12-31T23:59:59.999
                253_402_300_800_000L, // 10000-01-01: the JDK's five digits
                Long.MAX_VALUE,
                Long.MIN_VALUE
            })
    void formatsAsInstantDoes(long millis) {
        assertThat(IsoTime.format(millis))
                .isEqualTo(java.time.Instant.ofEpochMilli(millis).toString());
    }

    @Test
    void formatsRandomInstantsAsInstantDoes() {
        Random random = new Random(42);
        for (int i = 0; i < 200_000; i++) {
            long millis = random.nextLong() % 300_000_000_000_000L;
            if (i % 2 == 0) {
                millis = 1_700_000_000_000L + random.nextInt(1_000_000_000); // around today, ms mostly non-zero
            }
            assertThat(IsoTime.format(millis))
                    .as("%d", millis)
                    .isEqualTo(java.time.Instant.ofEpochMilli(millis).toString());
        }
    }
}
