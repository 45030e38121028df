package io.payrecon.codec;

import java.nio.charset.StandardCharsets;

/**
 * The raw text of a malformed value, as the contract puts it in {@code source.raw}: decoded as UTF-8
 * with invalid bytes replaced by U+FFFD, cut at 65,536 bytes on a character boundary so that one
 * huge value cannot blow up the exceptions topic.
 */
public record RawText(String text, boolean truncated) {
    public static final int MAX_BYTES = 65_536;

    public static RawText of(byte[] value) {
        if (value == null) {
            return new RawText("", false);
        }
        if (value.length <= MAX_BYTES) {
            return new RawText(new String(value, StandardCharsets.UTF_8), false);
        }
        int end = MAX_BYTES;
        // Step back over continuation bytes (10xxxxxx) so the cut never splits a character.
        while (end > 0 && (value[end] & 0xC0) == 0x80) {
            end--;
        }
        return new RawText(new String(value, 0, end, StandardCharsets.UTF_8), true);
    }
}
