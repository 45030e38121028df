package io.payrecon.generator;

/**
 * A tiny SplitMix64 pseudo-random generator.
 *
 * <p>Why not {@code java.util.Random} or {@code SplittableRandom}: the generator promises
 * byte-identical output for a seed, on every JDK. The bounded methods those classes inherit from
 * {@code RandomGenerator} are implementation details that a JDK release may change; this class
 * fixes every step of the arithmetic here, so a seed means the same traffic forever.
 */
final class SplitMix64 {
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long state;

    SplitMix64(long seed) {
        this.state = seed;
    }

    /** A generator for one independent stream (an order, the scenario draw) of a seeded run. */
    static SplitMix64 forStream(long seed, long stream) {
        // Mixing both halves keeps neighbouring orders (n, n + 1) from starting on related states.
        return new SplitMix64(mix64(mix64(seed) ^ (stream * GOLDEN_GAMMA + 0x632BE59BD9B4E019L)));
    }

    /** The SplitMix64 output function: a bijective 64-bit avalanche. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long nextLong() {
        state += GOLDEN_GAMMA;
        return mix64(state);
    }

    /** Uniform in [0, bound); bound must be positive. Rejection sampling keeps it unbiased. */
    long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }
        long mask = bound - 1;
        if ((bound & mask) == 0) {
            return nextLong() & mask;
        }
        long u = nextLong() >>> 1;
        long r = u % bound;
        // u - r + mask overflows (goes negative) exactly when u falls in the last, partial block.
        while (u - r + mask < 0) {
            u = nextLong() >>> 1;
            r = u % bound;
        }
        return r;
    }

    int nextInt(int bound) {
        return (int) nextLong(bound);
    }

    /** Uniform in [lo, hi], both inclusive. */
    long between(long lo, long hi) {
        return lo + nextLong(hi - lo + 1);
    }

    /** True with the given chance in percent. */
    boolean percent(int chance) {
        return nextInt(100) < chance;
    }

    <T> T pick(T[] choices) {
        return choices[nextInt(choices.length)];
    }
}
