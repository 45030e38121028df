package io.payrecon.codec;

/**
 * How much of a malformed value is copied into its MALFORMED_EVENT record. Malformed payloads can
 * carry card or account numbers; a payments team that must keep them off the exceptions topic
 * chooses {@link #REDACTED} (every digit masked) or {@link #NONE} (raw is null).
 */
public enum RawPolicy {
    FULL,
    REDACTED,
    NONE;

    /** @return the text to publish, or null for {@link #NONE} */
    public String apply(String raw) {
        switch (this) {
            case FULL:
                return raw;
            case NONE:
                return null;
            default:
                char[] chars = raw.toCharArray();
                for (int i = 0; i < chars.length; i++) {
                    if (chars[i] >= '0' && chars[i] <= '9') {
                        chars[i] = '#';
                    }
                }
                return new String(chars);
        }
    }
}
