package io.payrecon.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * A measured figure as the results file holds it: a number rounded to the decimals the report
 * shows it with, or null when the run did not get it.
 *
 * <p>Rounded from the double's exact binary value, ties to even, as C's printf rounds (what the
 * script's awk did), and written as jq wrote it: 162.0 as 162.
 */
public final class Figures {
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?(0|[1-9][0-9]*)([.][0-9]+)?");

    private Figures() {}

    /** {@code value} to {@code decimals} places; null when it is not a number (0/0, x/0). */
    public static JsonNode rounded(double value, int decimals) {
        if (!Double.isFinite(value)) {
            return NullNode.getInstance();
        }
        return number(new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN));
    }

    /**
     * A figure a driver printed (KEY=VALUE of its RESULT line): a number when it is a plain
     * decimal, null when empty or missing, else the text ("NaN" from a probe that measured nothing).
     */
    public static JsonNode parsed(String text) {
        if (text == null || text.isEmpty()) {
            return NullNode.getInstance();
        }
        if (PLAIN_DECIMAL.matcher(text).matches()) {
            return number(new BigDecimal(text));
        }
        return TextNode.valueOf(text);
    }

    public static JsonNode number(BigDecimal value) {
        BigDecimal plain = value.stripTrailingZeros();
        if (plain.scale() <= 0) {
            return LongNode.valueOf(plain.longValueExact());
        }
        return DoubleNode.valueOf(plain.doubleValue());
    }

    /** {@code value} rounded as {@link #rounded} would, as text for the progress lines. */
    public static String text(double value, int decimals) {
        JsonNode node = rounded(value, decimals);
        if (node.isNull()) {
            return "n/a";
        }
        return new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    }
}
