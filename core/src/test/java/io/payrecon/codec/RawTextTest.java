package io.payrecon.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RawTextTest {
    @Test
    void shortValuesAreKeptWhole() {
        RawText raw = RawText.of("{\"a\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(raw.text()).isEqualTo("{\"a\":1}");
        assertThat(raw.truncated()).isFalse();
    }

    @Test
    void invalidBytesBecomeReplacementCharacters() {
        RawText raw = RawText.of(new byte[] {'a', (byte) 0xFF, 'b'});
        assertThat(raw.text()).isEqualTo("a\uFFFDb");
    }

    @Test
    void longValuesAreCutAtACharacterBoundary() {
        byte[] euro = "\u20ac".getBytes(StandardCharsets.UTF_8); // 3 bytes: 65,536 is not a multiple
        byte[] value = new byte[euro.length * 30_000];
        for (int i = 0; i < 30_000; i++) {
            System.arraycopy(euro, 0, value, i * 3, 3);
        }
        RawText raw = RawText.of(value);
        assertThat(raw.truncated()).isTrue();
        assertThat(raw.text()).doesNotContain("\uFFFD");
        assertThat(raw.text().getBytes(StandardCharsets.UTF_8).length).isEqualTo(65_535);
    }

    @Test
    void exactlyTheLimitIsNotTruncated() {
        byte[] value = new byte[RawText.MAX_BYTES];
        Arrays.fill(value, (byte) 'x');
        assertThat(RawText.of(value).truncated()).isFalse();
        assertThat(RawText.of(Arrays.copyOf(value, RawText.MAX_BYTES + 1)).text())
                .hasSize(RawText.MAX_BYTES);
    }
}
