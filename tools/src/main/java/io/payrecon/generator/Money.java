package io.payrecon.generator;

import java.math.BigDecimal;

/**
 * An amount in one currency, as the generator writes it: {@code amount}'s scale is the one on the
 * wire (2, or 0 for JPY). Drawn from an order's own random stream, so an order's money depends only
 * on the seed and the order number.
 */
record Money(BigDecimal amount, String currency) {
    /** The currencies a mismatched credit may switch to. */
    private static final String[] FIAT = {"IDR", "USD", "EUR", "SGD", "JPY"};
    /**
     * The currencies a conflicting copy may claim, in plain string order; the last sorts after every
     * currency {@link #random} gives.
     */
    private static final String[] CONFLICT_FIAT = {"EUR", "IDR", "JPY", "SGD", "USD", "VND"};

    /** The plain decimal text the contract asks for. */
    String text() {
        return amount.toPlainString();
    }

    /** 40 % rupiah, 50 % dollars and euros, 10 % yen: roughly the mix of a South-East Asian shop. */
    static Money random(SplitMix64 rng) {
        int r = rng.nextInt(100);
        if (r < 40) {
            // Rupiah in steps of 500, from 10,000 to 5,000,000, written with two decimals.
            return new Money(BigDecimal.valueOf(rng.between(20, 10_000) * 500 * 100, 2), "IDR");
        }
        if (r < 90) {
            String currency = r < 60 ? "USD" : r < 75 ? "SGD" : "EUR";
            return new Money(BigDecimal.valueOf(rng.between(100, 500_000), 2), currency);
        }
        // Yen have no minor unit.
        return new Money(BigDecimal.valueOf(rng.between(100, 300_000)), "JPY");
    }

    /** A different positive amount in the same currency and scale: a fee taken or a wrong figure. */
    Money mismatched(SplitMix64 rng) {
        long unscaled = amount.unscaledValue().longValueExact();
        long step = "IDR".equals(currency) ? 100 : 1;
        long delta = step * rng.between(1, Math.max(1, unscaled / (step * 20)));
        long other = rng.percent(70) && unscaled - delta > 0 ? unscaled - delta : unscaled + delta;
        return new Money(BigDecimal.valueOf(other, amount.scale()), currency);
    }

    /**
     * A larger amount in the same currency and scale: a conflicting copy of a debit that sorts after
     * it (the contract orders copies of one id at one time by amount as a decimal).
     */
    Money larger(SplitMix64 rng) {
        long unscaled = amount.unscaledValue().longValueExact();
        long step = "IDR".equals(currency) ? 100 : 1;
        long delta = step * rng.between(1, Math.max(1, unscaled / (step * 20)));
        return new Money(BigDecimal.valueOf(unscaled + delta, amount.scale()), currency);
    }

    /** The smallest amount the generator moves: a whole rupiah, or the currency's minor unit. */
    private long step() {
        return "IDR".equals(currency) ? 100 : 1;
    }

    /** The amount in steps (see {@link #step()}); at least 100 for any amount {@link #random} gives. */
    long steps() {
        return amount.unscaledValue().longValueExact() / step();
    }

    /** That many steps, in this currency and scale. */
    Money ofSteps(long steps) {
        return new Money(BigDecimal.valueOf(steps * step(), amount.scale()), currency);
    }

    /**
     * The amount cut into {@code parts} positive amounts that add up to it exactly, in the same
     * currency and scale: the captures of a partially captured order.
     */
    Money[] split(int parts, SplitMix64 rng) {
        Money[] out = new Money[parts];
        long left = steps();
        for (int i = 0; i < parts - 1; i++) {
            int after = parts - 1 - i;
            // Around an even share, never leaving less than one step for each part after this one.
            long part = rng.between(1, Math.max(1, Math.min(left - after, 2 * left / (after + 1))));
            out[i] = ofSteps(part);
            left -= part;
        }
        out[parts - 1] = ofSteps(left);
        return out;
    }

    /**
     * The same value in a different text ("150000.00" as "150000" or "150000.0000"): the
     * contract compares amounts as decimals, so such a pair still matches.
     */
    String otherScaleText() {
        BigDecimal stripped = amount.stripTrailingZeros();
        if (stripped.scale() < 0) {
            stripped = stripped.setScale(0);
        }
        return stripped.scale() != amount.scale()
                ? stripped.toPlainString()
                : amount.setScale(amount.scale() + 2).toPlainString();
    }

    /**
     * A currency that sorts after {@code currency} in plain string order: the currency of a
     * conflicting copy, which must not sort before its original.
     */
    static String currencyAfter(String currency, SplitMix64 rng) {
        int first = 0;
        while (first < CONFLICT_FIAT.length && CONFLICT_FIAT[first].compareTo(currency) <= 0) {
            first++;
        }
        if (first == CONFLICT_FIAT.length) {
            throw new IllegalArgumentException("no currency sorts after " + currency);
        }
        return CONFLICT_FIAT[first + rng.nextInt(CONFLICT_FIAT.length - first)];
    }

    /** Another of the fiat currencies, drawn until it differs: the credit of a currency mismatch. */
    static String otherCurrency(String currency, SplitMix64 rng) {
        String other;
        do {
            other = rng.pick(FIAT);
        } while (other.equals(currency));
        return other;
    }
}
