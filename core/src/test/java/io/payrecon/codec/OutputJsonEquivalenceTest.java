package io.payrecon.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.payrecon.model.AlertState;
import io.payrecon.model.EventType;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.ExceptionType;
import io.payrecon.model.Kind;
import io.payrecon.model.MalformedSource;
import io.payrecon.model.ReconciledRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The hand-written {@link OutputJson} writes, byte for byte, what its former Jackson implementation
 * ({@link JacksonOutputJson}) wrote: on random records with fixed seeds (every nullable field null
 * at times; strings of control characters, quotes, backslashes, non-ASCII, emoji and lone
 * surrogates; extreme times and positions), on every char of the basic plane, on values larger than
 * the writer's buffer, across threads, and in the cases where Jackson threw.
 */
class OutputJsonEquivalenceTest {
    private static final int RECORDS = 20_000;

    /** 0000-01-01T00:00:00Z and 10000-01-01T00:00:00Z: where {@link IsoTime} hands over to the JDK. */
    private static final long FIRST_FORMATTED = -62_167_219_200_000L;

    private static final long PAST_FORMATTED = 253_402_300_800_000L;

    private static final long[] EDGE_TIMES = {
        Long.MIN_VALUE,
        Long.MIN_VALUE + 1,
        FIRST_FORMATTED - 1,
        FIRST_FORMATTED,
        -1,
        0,
        1,
        999,
        1000,
        951_782_400_000L, // 2000-02-29
        PAST_FORMATTED - 1,
        PAST_FORMATTED,
        Long.MAX_VALUE - 1,
        Long.MAX_VALUE
    };

    private static final long[] EDGE_NUMBERS = {
        Long.MIN_VALUE,
        Long.MIN_VALUE + 1,
        Integer.MIN_VALUE,
        -10,
        -9,
        -1,
        0,
        1,
        9,
        10,
        99,
        100,
        Integer.MAX_VALUE,
        Long.MAX_VALUE - 1,
        Long.MAX_VALUE
    };

    @Test
    void randomReconciledRecordsAreJacksonsBytes() {
        for (long seed : new long[] {1, 22, 20261121}) {
            Random random = new Random(seed);
            for (int i = 0; i < RECORDS / 3 + 1; i++) {
                assertSameReconciled(randomReconciled(random), "seed " + seed + ", record " + i);
            }
        }
    }

    @Test
    void randomExceptionRecordsAreJacksonsBytes() {
        for (long seed : new long[] {3, 33, 20261122}) {
            Random random = new Random(seed);
            for (int i = 0; i < RECORDS / 3 + 1; i++) {
                assertSameException(randomException(random), "seed " + seed + ", record " + i);
            }
        }
    }

    /** Each char alone between ASCII (the writer's fast path breaking at it), then all in one string. */
    @Test
    void everyCharOfTheBasicPlaneIsWrittenAsJacksonWritesIt() {
        StringBuilder all = new StringBuilder(0x10000);
        for (int c = 0; c <= 0xFFFF; c++) {
            ReconciledRecord r = reconciled();
            r.orderId = "o-" + (char) c + "-x";
            r.fee = String.valueOf((char) c);
            assertSameReconciled(r, "char U+" + Integer.toHexString(c));
            all.append((char) c);
        }
        ExceptionRecord e = exception();
        e.detail = all.toString();
        e.eventIds = List.of(all.reverse().toString(), "\uDBFF\uDFFF\uD800\uDC00", "\uDC00\uD800");
        assertSameException(e, "the whole plane");
    }

    @Test
    void edgeTimesAndPositionsAreJacksonsBytes() {
        for (long time : EDGE_TIMES) {
            ReconciledRecord r = reconciled();
            r.debitTime = time;
            r.creditTime = -time;
            r.matchedTime = time / 2;
            assertSameReconciled(r, "time " + time);
            ExceptionRecord e = exception();
            e.detectedTime = time;
            assertSameException(e, "time " + time);
        }
        for (long number : EDGE_NUMBERS) {
            ExceptionRecord kafka = exception();
            kafka.source = MalformedSource.kafka("{", false, "t", (int) number, number);
            assertSameException(kafka, "position " + number);
            ExceptionRecord file = exception();
            file.source = MalformedSource.file("{", true, "f.jsonl", number);
            assertSameException(file, "line " + number);
        }
    }

    /** A malformed value's raw text up to its cut (65,536 bytes) and more, escaped to several times that. */
    @Test
    void valuesLargerThanTheBufferAreJacksonsBytes() {
        Random random = new Random(65_536);
        String[] raws = {
            "x".repeat(65_536),
            "\u0001".repeat(70_000),
            "\"\\".repeat(40_000),
            "\uD83D\uDE00".repeat(33_000),
            "\u20AC".repeat(30_000) + "\uD800",
            randomString(random, 200_000),
            "done"
        };
        for (String raw : raws) {
            ExceptionRecord e = exception();
            e.source = MalformedSource.kafka(raw, true, "reconciliation", 11, 99);
            e.detail = raw;
            assertSameException(e, "raw of " + raw.length() + " chars");
            assertSameReconciled(reconciled(), "a small record after it"); // the buffer dropped or kept
        }
    }

    /** Each thread writes into a buffer of its own: records written at the same time do not mix. */
    @Test
    void recordsWrittenOnManyThreadsAtOnceAreJacksonsBytes() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                long seed = 1000 + t;
                done.add(pool.submit(() -> {
                    Random random = new Random(seed);
                    for (int i = 0; i < 1_000; i++) {
                        assertSameReconciled(randomReconciled(random), "thread seed " + seed);
                        assertSameException(randomException(random), "thread seed " + seed);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Where the Jackson writer threw (a field it unboxed or dereferenced was null), the writer throws too. */
    @Test
    void recordsJacksonCouldNotWriteThrowTheSameException() {
        List<Consumer<ExceptionRecord>> breaks = List.of(
                e -> e.type = null,
                e -> e.state = null,
                e -> e.eventIds = null,
                e -> e.source = kafkaSource(null, 0L),
                e -> e.source = kafkaSource(0, null),
                e -> e.source = fileSource(null));
        for (int i = 0; i < breaks.size(); i++) {
            ExceptionRecord e = exception();
            breaks.get(i).accept(e);
            Throwable jackson = catchThrown(() -> JacksonOutputJson.exception(e));
            assertThat(jackson).as("break %d", i).isInstanceOf(NullPointerException.class);
            assertThatThrownBy(() -> OutputJson.exception(e)).as("break %d", i).isExactlyInstanceOf(jackson.getClass());
        }
        assertSameException(exception(), "a record after the failures");
    }

    private static MalformedSource kafkaSource(Integer partition, Long offset) {
        MalformedSource s = MalformedSource.kafka("x", false, "t", 0, 0);
        s.partition = partition;
        s.offset = offset;
        return s;
    }

    private static MalformedSource fileSource(Long line) {
        MalformedSource s = MalformedSource.file("x", false, "f.jsonl", 0);
        s.line = line;
        return s;
    }

    // --- helpers

    private static Throwable catchThrown(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static void assertSameReconciled(ReconciledRecord r, String what) {
        byte[] expected = JacksonOutputJson.reconciled(r);
        byte[] actual = OutputJson.reconciled(r);
        if (!Arrays.equals(actual, expected)) {
            assertThat(new String(actual, StandardCharsets.UTF_8))
                    .as(what)
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(actual).as(what).isEqualTo(expected);
        }
    }

    private static void assertSameException(ExceptionRecord e, String what) {
        byte[] expected = JacksonOutputJson.exception(e);
        byte[] actual = OutputJson.exception(e);
        if (!Arrays.equals(actual, expected)) {
            assertThat(new String(actual, StandardCharsets.UTF_8))
                    .as(what)
                    .isEqualTo(new String(expected, StandardCharsets.UTF_8));
            assertThat(actual).as(what).isEqualTo(expected);
        }
    }

    private static ReconciledRecord reconciled() {
        ReconciledRecord r = new ReconciledRecord();
        r.orderId = "o-42";
        r.kind = Kind.PAYMENT;
        r.amount = "150000.00";
        r.currency = "IDR";
        r.debitEventId = "e-1";
        r.creditEventId = "e-2";
        r.debitTime = 1_795_255_200_000L;
        r.creditTime = 1_795_255_203_250L;
        r.matchedTime = r.creditTime;
        return r;
    }

    private static ExceptionRecord exception() {
        ExceptionRecord e = new ExceptionRecord();
        e.exceptionId = "o-42:UNMATCHED_DEBIT";
        e.type = ExceptionType.UNMATCHED_DEBIT;
        e.state = AlertState.OPEN;
        e.orderId = "o-42";
        e.eventIds = new ArrayList<>(List.of("e-1"));
        e.detectedTime = 1_795_255_800_000L;
        e.detail = "debit e-1 of 150000.00 IDR has no credit within 10m";
        return e;
    }

    private static ReconciledRecord randomReconciled(Random random) {
        ReconciledRecord r = new ReconciledRecord();
        r.orderId = maybe(random);
        r.movementId = maybe(random);
        r.kind = pick(random, Kind.values());
        r.fee = maybe(random);
        r.amount = maybe(random);
        r.currency = maybe(random);
        r.debitEventId = maybe(random);
        r.creditEventId = maybe(random);
        r.debitTime = randomTime(random);
        r.creditTime = randomTime(random);
        r.matchedTime = randomTime(random);
        r.orderStatus = pick(random, EventType.values());
        r.late = random.nextBoolean();
        return r;
    }

    private static ExceptionRecord randomException(Random random) {
        ExceptionRecord e = new ExceptionRecord();
        e.exceptionId = maybe(random);
        ExceptionType[] types = ExceptionType.values();
        e.type = types[random.nextInt(types.length)];
        AlertState[] states = AlertState.values();
        e.state = states[random.nextInt(states.length)];
        e.orderId = maybe(random);
        e.movementId = maybe(random);
        int ids = random.nextInt(5);
        for (int i = 0; i < ids; i++) {
            e.eventIds.add(maybe(random));
        }
        e.detectedTime = random.nextInt(8) == 0 ? null : randomTime(random);
        e.detail = maybe(random);
        e.amount = maybe(random);
        e.currency = maybe(random);
        switch (random.nextInt(3)) {
            case 0 -> e.source = null;
            case 1 ->
                e.source = MalformedSource.kafka(
                        maybe(random),
                        random.nextBoolean(),
                        maybe(random),
                        (int) randomNumber(random),
                        randomNumber(random));
            default ->
                e.source = MalformedSource.file(
                        maybe(random),
                        random.nextBoolean(),
                        randomString(random, 1 + random.nextInt(30)),
                        randomNumber(random));
        }
        return e;
    }

    /** One of the values or, one time in eight, null. */
    private static <T> T pick(Random random, T[] values) {
        return random.nextInt(values.length * 8) < values.length ? null : values[random.nextInt(values.length)];
    }

    /** Null one time in eight; else a string of random length, now and then a long one. */
    private static String maybe(Random random) {
        if (random.nextInt(8) == 0) {
            return null;
        }
        int length = switch (random.nextInt(40)) {
            case 0 -> random.nextInt(5_000);
            case 1, 2, 3 -> random.nextInt(300);
            default -> random.nextInt(40);
        };
        return randomString(random, length);
    }

    /** Mostly ASCII ids and text, with every kind of char the writer treats apart mixed in at random. */
    private static String randomString(Random random, int length) {
        int plainShare = random.nextInt(4); // some strings all plain, some dense with the rest
        StringBuilder s = new StringBuilder(length + 2);
        while (s.length() < length) {
            if (random.nextInt(4) < plainShare) {
                s.append((char) (0x20 + random.nextInt(0x5F))); // printable ASCII, '"' '\' '/' included
                continue;
            }
            switch (random.nextInt(14)) {
                case 0 -> s.append((char) random.nextInt(0x20)); // control chars
                case 1 -> s.append(random.nextBoolean() ? '"' : '\\');
                case 2 -> s.append(random.nextBoolean() ? '/' : '\u007F');
                case 3 -> s.append((char) (0x80 + random.nextInt(0x780))); // two UTF-8 bytes
                case 4 -> s.append((char) (0x800 + random.nextInt(0xD800 - 0x800))); // three, below the surrogates
                case 5 -> s.append((char) (0xE000 + random.nextInt(0x2000))); // three, above them
                case 6 -> s.appendCodePoint(0x1F300 + random.nextInt(0x300)); // emoji, a surrogate pair
                case 7 -> s.appendCodePoint(0x10000 + random.nextInt(0x100000)); // any supplementary
                case 8 -> s.append((char) (0xD800 + random.nextInt(0x400))); // a lone high surrogate
                case 9 -> s.append((char) (0xDC00 + random.nextInt(0x400))); // a lone low surrogate
                case 10 -> s.append(random.nextBoolean() ? "\uDE00\uD83D" : "\uFFFD\uFEFF\u2028\u2029\uFFFF");
                case 11 -> s.append(random.nextBoolean() ? "\n\r\t\b\f" : "\u0000\u001F\u000B");
                case 12 -> s.append("\u00E9\u20AC\u4E2D");
                default -> s.append((char) random.nextInt(0x10000)); // any char of the plane
            }
        }
        return s.toString();
    }

    private static long randomTime(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> EDGE_TIMES[random.nextInt(EDGE_TIMES.length)];
            case 1 -> random.nextLong();
            case 2 -> FIRST_FORMATTED + (long) (random.nextDouble() * (PAST_FORMATTED - FIRST_FORMATTED));
            case 3 -> random.nextLong() / 1000 * 1000; // whole seconds: no milliseconds written
            default -> 1_795_255_200_000L + random.nextInt(86_400_000);
        };
    }

    private static long randomNumber(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> EDGE_NUMBERS[random.nextInt(EDGE_NUMBERS.length)];
            case 1 -> random.nextLong();
            case 2 -> random.nextInt();
            default -> random.nextInt(100_000);
        };
    }
}
