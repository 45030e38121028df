package io.payrecon.model;

import java.util.Comparator;

/**
 * Contract v3, "Text, once and for all": ids are ordered by Unicode code point, which is also the
 * order of their UTF-8 bytes. {@link String#compareTo} orders UTF-16 units instead, and the two
 * differ where a supplementary character (a surrogate pair) meets a character from U+E000 to U+FFFF.
 */
public final class CodePoints {
    private CodePoints() {}

    /** Code point order; null sorts first. */
    public static final Comparator<String> ORDER = Comparator.nullsFirst(CodePoints::compare);

    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                // Only surrogates (U+D800-U+DFFF) sort above U+E000-U+FFFF in code point order.
                if (Character.isSurrogate(x) != Character.isSurrogate(y) && (x >= 0xD800 && y >= 0xD800)) {
                    return Character.isSurrogate(x) ? 1 : -1;
                }
                return x - y;
            }
        }
        return a.length() - b.length();
    }
}
