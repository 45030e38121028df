package io.payrecon.statements;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code --statement-period}: at least one minute, dividing one day exactly; periods aligned to the
 * UTC epoch, {@code [k x period, (k+1) x period)}.
 */
class StatementPeriodTest {
    /** "90s", "15m", "1h", "1d", "59999ms": the flags' form. */
    static Duration duration(String text) {
        int unit = text.endsWith("ms") ? text.length() - 2 : text.length() - 1;
        long n = Long.parseLong(text.substring(0, unit));
        return switch (text.substring(unit)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> throw new IllegalArgumentException(text);
        };
    }

    private static long t(String iso) {
        return Instant.parse(iso).toEpochMilli();
    }

    @Nested
    class Validation {
        @ParameterizedTest(name = "{0} is a statement period")
        @CsvSource({"1m", "90s", "15m", "1h", "8h", "1d", "84375ms"})
        void atLeastOneMinuteAndDividesOneDay(String period) {
            assertThat(StatementPeriod.of(duration(period)).duration()).isEqualTo(duration(period));
            assertThat(StatementPeriod.of(duration(period)).toString()).isEqualTo(period);
        }

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "59s     | must be at least one minute, got '59s'",
                    "59999ms | must be at least one minute, got '59999ms'",
                    "0s      | must be at least one minute, got '0'",
                    "-1h     | must be at least one minute, got '-3600000ms'",
                    "7m      | must divide one day exactly (e.g. 15m, 1h, 1d), got '7m'",
                    "60001ms | must divide one day exactly (e.g. 15m, 1h, 1d), got '60001ms'",
                    "25h     | must divide one day exactly (e.g. 15m, 1h, 1d), got '25h'",
                    "2d      | must divide one day exactly (e.g. 15m, 1h, 1d), got '2d'",
                })
        void anythingElseIsRejectedNamingTheRule(String period, String message) {
            assertThatThrownBy(() -> StatementPeriod.of(duration(period)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(message);
        }

        @Test
        void aSubMillisecondPartIsRejectedNotCut() {
            assertThatThrownBy(() -> StatementPeriod.of(Duration.ofMinutes(1).plusNanos(1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("must divide one day exactly");
        }

        @Test
        void theDefaultIsOneHour() {
            assertThat(StatementPeriod.DEFAULT).isEqualTo(StatementPeriod.of(Duration.ofHours(1)));
        }
    }

    @Nested
    class Alignment {
        @ParameterizedTest(name = "{0} period, {1} -> [{2}, {3})")
        @CsvSource({
            // The period's end belongs to the next one; its last millisecond to this one.
            "1h, 2026-11-21T10:00:00Z,     2026-11-21T10:00:00Z, 2026-11-21T11:00:00Z",
            "1h, 2026-11-21T10:59:59.999Z, 2026-11-21T10:00:00Z, 2026-11-21T11:00:00Z",
            "1h, 2026-11-21T11:00:00Z,     2026-11-21T11:00:00Z, 2026-11-21T12:00:00Z",
            "15m, 2026-11-21T10:44:59.999Z, 2026-11-21T10:30:00Z, 2026-11-21T10:45:00Z",
            "1d, 2026-11-21T23:59:59.999Z, 2026-11-21T00:00:00Z, 2026-11-22T00:00:00Z",
            "90s, 2026-11-21T00:01:30Z,     2026-11-21T00:01:30Z, 2026-11-21T00:03:00Z",
            "1m, 1970-01-01T00:00:00Z,      1970-01-01T00:00:00Z, 1970-01-01T00:01:00Z",
            // Before 1970: floor, not truncation towards zero.
            "1h, 1969-12-31T23:59:59.999Z, 1969-12-31T23:00:00Z, 1970-01-01T00:00:00Z",
            "1h, 1969-12-31T23:00:00Z,     1969-12-31T23:00:00Z, 1970-01-01T00:00:00Z",
            "1h, 1969-12-31T22:59:59.999Z, 1969-12-31T22:00:00Z, 1969-12-31T23:00:00Z",
            "1d, 1900-03-01T12:00:00Z,     1900-03-01T00:00:00Z, 1900-03-02T00:00:00Z",
        })
        void periodsAreAlignedToTheUtcEpoch(String period, String time, String start, String end) {
            StatementPeriod p = StatementPeriod.of(duration(period));
            assertThat(Instant.ofEpochMilli(p.startOf(t(time)))).isEqualTo(Instant.parse(start));
            assertThat(Instant.ofEpochMilli(p.endOf(t(time)))).isEqualTo(Instant.parse(end));
        }

        @Test
        void negativeMillisecondsNearZero() {
            StatementPeriod minute = StatementPeriod.of(Duration.ofMinutes(1));
            assertThat(minute.startOf(-1)).isEqualTo(-60_000);
            assertThat(minute.startOf(-60_000)).isEqualTo(-60_000);
            assertThat(minute.startOf(-60_001)).isEqualTo(-120_000);
            assertThat(minute.endOf(-1)).isZero();
        }
    }
}
