package io.payrecon.cli;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The value formats every command shares besides durations ({@link DurationConverter}). Picocli's
 * built-in converters accept more ({@code 0x10}, {@code 1e-2}, {@code NaN}) and word their errors for
 * programmers; these accept what the help says and name the value, so that {@link Cli} can print
 * {@code --flag: 'value' is not ...} on one line. Ranges are the settings' business, not the format's.
 */
public final class Converters {
    private static final Pattern WHOLE = Pattern.compile("-?[0-9]+");
    private static final Pattern DECIMAL = Pattern.compile("-?([0-9]+(\\.[0-9]+)?|\\.[0-9]+)");

    private Converters() {}

    /** A whole number that fits an int. */
    public static final class WholeInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            long n = new WholeLong().convert(value);
            if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
                throw new TypeConversionException("'" + value + "' is out of range");
            }
            return (int) n;
        }
    }

    /** A whole number that fits a long. */
    public static final class WholeLong implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            if (!WHOLE.matcher(value).matches()) {
                throw new TypeConversionException("'" + value + "' is not a whole number");
            }
            try {
                return Long.parseLong(value);
            } catch (NumberFormatException e) {
                throw new TypeConversionException("'" + value + "' is out of range");
            }
        }
    }

    /** Plain decimal text ({@code 0.01}, {@code .5}, {@code -1}): no exponent, no NaN, no spaces. */
    public static final class Decimal implements ITypeConverter<BigDecimal> {
        @Override
        public BigDecimal convert(String value) {
            if (!DECIMAL.matcher(value).matches()) {
                throw new TypeConversionException("'" + value + "' is not a decimal number");
            }
            return new BigDecimal(value);
        }
    }

    /** An enum constant as it is typed: lower case with dashes ({@code EXACTLY_ONCE} is {@code exactly-once}). */
    public static final class Choice<E extends Enum<E>> implements ITypeConverter<E> {
        private final Class<E> type;

        public Choice(Class<E> type) {
            this.type = type;
        }

        @Override
        public E convert(String value) {
            for (E constant : type.getEnumConstants()) {
                // As before picocli: any case, '-' or '_' (deployment files written then still work).
                if (constant.name().equals(value.toUpperCase(Locale.ROOT).replace('-', '_'))) {
                    return constant;
                }
            }
            List<String> allowed = new ArrayList<>();
            for (E constant : type.getEnumConstants()) {
                allowed.add(text(constant));
            }
            throw new TypeConversionException("'" + value + "' is not one of " + String.join(", ", allowed));
        }

        public static String text(Enum<?> constant) {
            return constant.name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
