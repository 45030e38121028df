package io.payrecon.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationCodecTest {
    @ParameterizedTest(name = "{0} = {1} ms")
    @CsvSource(delimiter = '|', textBlock = """
        0                   | 0
        0ms                 | 0
        0s                  | 0
        0d                  | 0
        1ms                 | 1
        500ms               | 500
        5s                  | 5000
        10m                 | 600000
        2h                  | 7200000
        7d                  | 604800000
        007s                | 7000
        1234567890ms        | 1234567890
        999999999999999999ms | 999999999999999999
        106751991167d       | 9223372036828800000
        """)
    void readsZeroAndAWholeNumberWithAUnit(String text, long millis) {
        assertThat(DurationCodec.parse(text)).isEqualTo(Duration.ofMillis(millis));
        assertThat(DurationCodec.hasTheForm(text)).isTrue();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        ""                   | '' is not a duration (like 500ms, 5s, 10m, 2h, 7d)
        600                  | '600' is not a duration (like 500ms, 5s, 10m, 2h, 7d)
        00                   | '00' is not a duration (like 500ms, 5s, 10m, 2h, 7d)
        -5s                  | '-5s' is not a duration (like 500ms, 5s, 10m, 2h, 7d)
        +5s                  | '+5s' is not a duration (like 500ms, 5s, 10m, 2h, 7d)
        1.5s                 | '1.5s' is not a duration (like 500ms, 5s, 10m, 2h, 7d)
        5S                   | '5S' is not a duration (like 500ms, 5s, 10m, 2h, 7d)
        2w                   | '2w' is not a duration (like 500ms, 5s, 10m, 2h, 7d)
        s                    | 's' is not a duration (like 500ms, 5s, 10m, 2h, 7d)
        " 5s"                | ' 5s' is not a duration (like 500ms, 5s, 10m, 2h, 7d)
        10 min               | '10 min' is not a duration (like 500ms, 5s, 10m, 2h, 7d)
        5m30s                | '5m30s' is not a duration (like 500ms, 5s, 10m, 2h, 7d)
        PT10M                | 'PT10M' is not a duration (like 500ms, 5s, 10m, 2h, 7d)
        1000000000000000000ms | '1000000000000000000ms' is not a duration (like 500ms, 5s, 10m, 2h, 7d)
        106751991168d        | '106751991168d' is too long
        99999999999999999d   | '99999999999999999d' is too long
        """)
    void refusesEverythingElseSayingWhy(String text, String message) {
        assertThatThrownBy(() -> DurationCodec.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0} ms as {1}")
    @CsvSource(delimiter = '|', textBlock = """
        0          | 0
        1          | 1ms
        999        | 999ms
        1000       | 1s
        90000      | 90s
        600000     | 10m
        5400000    | 90m
        7200000    | 2h
        604800000  | 7d
        86400001   | 86400001ms
        """)
    void writesTheLargestUnitThatDividesExactlyAndReadsBack(long millis, String text) {
        assertThat(DurationCodec.format(millis)).isEqualTo(text);
        assertThat(DurationCodec.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(DurationCodec.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }
}
