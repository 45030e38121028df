package io.payrecon.generator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON object assembled from raw value texts. Written by hand rather than with Jackson because
 * the generator must control exactly what it writes: amount text as given, field order, repeated
 * fields, and the deliberately broken shapes Jackson would refuse to produce.
 */
final class JsonText {
    private final List<String[]> fields = new ArrayList<>(8);

    /** Appends a field; the same name may appear twice (for the repeated-field shape). */
    JsonText add(String name, String rawValue) {
        fields.add(new String[] {name, rawValue});
        return this;
    }

    JsonText insert(int index, String name, String rawValue) {
        fields.add(index, new String[] {name, rawValue});
        return this;
    }

    int size() {
        return fields.size();
    }

    /** Replaces the value of every field of that name. */
    JsonText replace(String name, String rawValue) {
        for (String[] f : fields) {
            if (f[0].equals(name)) {
                f[1] = rawValue;
            }
        }
        return this;
    }

    JsonText remove(String name) {
        fields.removeIf(f -> f[0].equals(name));
        return this;
    }

    /** Fisher-Yates with the caller's generator, so the order is part of the seeded output. */
    JsonText shuffle(SplitMix64 rng) {
        for (int i = fields.size() - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            String[] tmp = fields.get(i);
            fields.set(i, fields.get(j));
            fields.set(j, tmp);
        }
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(192).append('{');
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            quote(sb, fields.get(i)[0]).append(':').append(fields.get(i)[1]);
        }
        return sb.append('}').toString();
    }

    byte[] toBytes() {
        return toString().getBytes(StandardCharsets.UTF_8);
    }

    static String quote(String s) {
        return quote(new StringBuilder(s.length() + 2), s).toString();
    }

    /** A JSON string literal; control characters are escaped, so no output ever holds a raw newline. */
    static StringBuilder quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append("\\u00").append(Character.forDigit(c >> 4, 16)).append(Character.forDigit(c & 0xf, 16));
            } else {
                sb.append(c);
            }
        }
        return sb.append('"');
    }
}
