package io.payrecon.generator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Malformed values that carry payment card numbers (issue 24, item 3): Luhn-valid numbers of the
 * common lengths and prefixes, written as digits only, in groups with spaces and in groups with
 * dashes, placed where they make an event malformed: in every field (as the wrong type, as an
 * unreadable value, too long), on every path of the decoder (not UTF-8, not an object, not complete,
 * trailing data, broken JSON, duplicate names at any depth, nesting too deep, a value cut at 64 KiB)
 * and next to a well-formed order id in an otherwise broken event. Each value carries its own
 * number, so a leak names the value it came from.
 *
 * <p>{@link #leaks(String)} finds a number in any text whatever separators (none, spaces, dashes)
 * were put between its digits.
 */
public final class CardNumberCorpus {
    /** One malformed value and the card number it carries. */
    public record Entry(String label, String card, byte[] value) {
        public String text() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    /** How a number is written into a value. */
    public enum Format {
        DIGITS,
        SPACES,
        DASHES;

        public String write(String card) {
            if (this == DIGITS) {
                return card;
            }
            String sep = this == SPACES ? " " : "-";
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < card.length(); i++) {
                if (i > 0 && i % 4 == 0) {
                    b.append(sep);
                }
                b.append(card.charAt(i));
            }
            return b.toString();
        }
    }

    /** Issuer prefixes and lengths: Visa 16 and 19, Mastercard (51-55 and 2-series), Amex 15, Discover. */
    private static final String[][] ISSUERS = {
        {"4", "16"},
        {"51", "16"},
        {"55", "16"},
        {"2221", "16"},
        {"34", "15"},
        {"37", "15"},
        {"6011", "16"},
        {"4", "19"},
        {"65", "16"},
        {"36", "14"}
    };

    private final SplitMix64 random;
    private final List<Entry> entries = new ArrayList<>();
    private int next;

    private CardNumberCorpus(long seed) {
        this.random = SplitMix64.forStream(seed, 24);
    }

    /** The corpus; the same seed gives the same bytes. */
    public static List<Entry> generate(long seed) {
        CardNumberCorpus c = new CardNumberCorpus(seed);
        c.build();
        return List.copyOf(c.entries);
    }

    /** A Luhn-valid number with the given prefix and length. */
    static String luhnNumber(String prefix, int length, SplitMix64 random) {
        StringBuilder b = new StringBuilder(prefix);
        while (b.length() < length - 1) {
            b.append((char) ('0' + random.nextInt(10)));
        }
        // The check digit makes the Luhn sum, doubling every second digit from the right, end in 0.
        int sum = 0;
        for (int i = b.length() - 1, k = 0; i >= 0; i--, k++) {
            int d = b.charAt(i) - '0';
            if (k % 2 == 0) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return b.append((char) ('0' + (10 - sum % 10) % 10)).toString();
    }

    public static boolean isLuhnValid(String digits) {
        int sum = 0;
        for (int i = digits.length() - 1, k = 0; i >= 0; i--, k++) {
            int d = digits.charAt(i) - '0';
            if (k % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /** Matches the number with nothing, one space or one dash between any two of its digits. */
    public static Pattern pattern(String card) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < card.length(); i++) {
            if (i > 0) {
                b.append("[ -]?");
            }
            b.append(card.charAt(i));
        }
        return Pattern.compile(b.toString());
    }

    /** The labels of the entries whose number appears in {@code text} (in any of the three formats). */
    public static List<String> leaks(List<Entry> corpus, String text) {
        List<String> found = new ArrayList<>();
        for (Entry e : corpus) {
            if (pattern(e.card()).matcher(text).find()) {
                found.add(e.label());
            }
        }
        return found;
    }

    private String card() {
        String[] issuer = ISSUERS[next++ % ISSUERS.length];
        return luhnNumber(issuer[0], Integer.parseInt(issuer[1]), random);
    }

    /** A 19-digit card: above the 18 digits an amount may have, so the amount rule quotes it. */
    private String longCard() {
        return luhnNumber("4", 19, random);
    }

    private void add(String label, String card, String value) {
        add(label, card, value.getBytes(StandardCharsets.UTF_8));
    }

    private void add(String label, String card, byte[] value) {
        entries.add(new Entry(label + " #" + entries.size(), card, value));
    }

    private static String q(String text) {
        return JsonText.quote(text);
    }

    /** A valid debit's fields, in order; a placement replaces or adds some. */
    private static Map<String, String> debit() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("event_id", q("evt-card"));
        f.put("order_id", q("ord-card"));
        f.put("type", q("debit"));
        f.put("amount", q("10.00"));
        f.put("currency", q("EUR"));
        f.put("event_time", q("2026-11-21T10:00:00Z"));
        return f;
    }

    private static String object(Map<String, String> fields) {
        StringBuilder b = new StringBuilder("{");
        fields.forEach((k, v) -> {
            if (b.length() > 1) {
                b.append(',');
            }
            b.append(q(k)).append(':').append(v);
        });
        return b.append('}').toString();
    }

    /** A debit with {@code field} set to the raw JSON {@code json}; {@code breaker} (if any) breaks it too. */
    private static String with(String field, String json, String breakField, String breakJson) {
        Map<String, String> f = debit();
        f.put(field, json);
        if (breakField != null) {
            f.put(breakField, breakJson);
        }
        return object(f);
    }

    private void build() {
        List<String> fields = List.of("event_id", "order_id", "type", "amount", "currency", "event_time");
        // 1. Every field. As a string in every format: where the string is acceptable there (an id,
        // an amount of up to 18 digits) another field breaks the event, so the number rides in a
        // malformed value; a second copy is the number alone where it breaks the field itself.
        for (String field : fields) {
            String breakField = field.equals("type") ? "event_time" : "type";
            String breakJson = field.equals("type") ? q("yesterday") : q("transfer");
            for (Format format : Format.values()) {
                String card = card();
                add(
                        field + " as " + format + " string, event broken by " + breakField,
                        card,
                        with(field, q(format.write(card)), breakField, breakJson));
                boolean breaksTheField = !field.endsWith("_id") && !(field.equals("amount") && format == Format.DIGITS);
                if (breaksTheField) {
                    card = card();
                    add(field + " as " + format + " string", card, with(field, q(format.write(card)), null, null));
                }
            }
            // 19 digits: above what an amount may have and beyond 9999 as epoch milliseconds.
            String card = longCard();
            add(field + " as a JSON number", card, with(field, card, null, null));
            card = card();
            add(
                    field + " as a JSON number, event broken by " + breakField,
                    card,
                    with(field, card, breakField, breakJson));
            card = card();
            add(field + " in an array", card, with(field, "[" + q(card) + "," + card + "]", null, null));
            card = card();
            add(field + " in an object", card, with(field, "{\"pan\":" + q(card) + "}", null, null));
            card = card();
            add(field + " too long", card, with(field, q((card + " ").repeat(20)), null, null));
            card = card();
            add(field + " with a sign", card, with(field, "-" + card, null, null));
            card = card();
            add(field + " as an exponent", card, with(field, card + "e3", null, null));
        }
        // The v3 fields, read on a debit or credit.
        for (String field : List.of("movement_id", "kind", "fee")) {
            for (Format format : Format.values()) {
                String card = card();
                Map<String, String> f = debit();
                f.put("type", q("credit"));
                f.put(field, q(format.write(card)));
                f.put("currency", q("usd"));
                add(field + " as " + format + " string on a broken credit", card, object(f));
            }
            String card = card();
            Map<String, String> f = debit();
            f.put("type", q("credit"));
            f.put(field, card + ".5");
            f.put("currency", q("usd"));
            add(field + " as a number on a broken credit", card, object(f));
            card = card();
            add(
                    field + " on a debit",
                    card,
                    field.equals("movement_id")
                            ? with(field, q(Format.SPACES.write(card)), "amount", q("ten"))
                            : with(field, q(Format.SPACES.write(card)), null, null));
            card = card();
            add(field + " as a number on a debit", card, with(field, card, null, null));
        }
        String card = longCard();
        add("a 19-digit amount", card, with("amount", card, null, null));
        card = longCard();
        add("a 19-digit amount as a string", card, with("amount", q(card), null, null));
        card = card();
        add("event_time too big for 64 bits", card, with("event_time", card + card, null, null));
        card = longCard();
        add("event_time beyond year 9999", card, with("event_time", card, null, null));

        // 2. A well-formed order id that is a card number, in an event broken elsewhere (the order
        // id of a malformed value used to be published as read, and as the record's Kafka key).
        for (Format format : Format.values()) {
            card = card();
            add("order_id " + format + " before NaN", card, "{\"order_id\":" + q(format.write(card)) + ",\"x\":NaN}");
            card = card();
            add(
                    "order_id " + format + " before a missing type",
                    card,
                    "{\"event_id\":\"e\",\"order_id\":" + q(format.write(card)) + ",\"event_time\":1}");
            card = card();
            add("order_id " + format + " before trailing data", card, "{\"order_id\":" + q(format.write(card)) + "}{}");
            card = card();
            add(
                    "order_id " + format + " in \\u escapes, event broken",
                    card,
                    "{\"order_id\":\"" + escaped(format.write(card)) + "\",\"type\":\"x\"}");
        }

        // 3. Every path of the decoder.
        card = card();
        add("a bare number", card, card);
        card = card();
        add("a bare string", card, q(Format.SPACES.write(card)));
        card = card();
        add("an array", card, "[" + card + "," + q(Format.DASHES.write(card)) + "]");
        card = card();
        add("an unterminated string", card, "{\"order_id\":\"" + card);
        card = card();
        add("an unterminated object", card, "{\"order_id\":\"o\",\"pan\":" + card);
        card = card();
        add("trailing data", card, with("event_id", q("e"), null, null) + " " + card);
        card = card();
        add("trailing string", card, with("event_id", q("e"), null, null) + q(Format.DASHES.write(card)));
        for (Format format : Format.values()) {
            card = card();
            add("an unquoted " + format + " value", card, "{\"amount\":" + format.write(card) + "}");
            card = card();
            add("an unquoted " + format + " name", card, "{" + format.write(card) + ":1}");
            card = card();
            add("a token starting with the " + format + " number", card, "{\"x\":" + format.write(card) + "abc}");
            card = card();
            add(
                    "a duplicate " + format + " name",
                    card,
                    "{\"" + format.write(card) + "\":1,\"" + format.write(card) + "\":2}");
            card = card();
            add(
                    "a duplicate order_id holding a " + format + " number",
                    card,
                    "{\"order_id\":" + q(format.write(card)) + ",\"order_id\":" + q(format.write(card)) + "}");
            card = card();
            add(
                    "a duplicate " + format + " name at depth 3",
                    card,
                    "{\"a\":{\"b\":{\"" + format.write(card) + "\":1,\"" + format.write(card) + "\":1}}}");
        }
        card = card();
        add("leading zeros", card, "{\"amount\":0" + card + "}");
        card = card();
        add("a control character in a string", card, "{\"order_id\":\"" + card + "\u0001\"}");
        card = card();
        add("a bad escape", card, "{\"order_id\":\"\\q" + card + "\"}");
        card = card();
        add("NaN then the number", card, "{\"x\":NaN,\"order_id\":" + q(card) + "}");
        card = card();
        add("a single-quoted string", card, "{'order_id':'" + card + "'}");
        card = card();
        add("a comment", card, "{/* " + card + " */\"order_id\":\"o\"}");
        card = card();
        add("a missing colon", card, "{\"order_id\" " + q(card) + "}");
        card = card();
        add("a missing comma", card, "{\"order_id\":\"o\" \"pan\":" + q(card) + "}");
        card = card();
        add("nesting 1,001 deep", card, "[".repeat(1_001) + card + "]".repeat(1_001));
        card = card();
        add("nesting 1,001 deep in an object", card, "{\"order_id\":" + q(card) + ",\"x\":" + "[".repeat(1_001));
        card = card();
        byte[] utf8 = ("{\"order_id\":" + q(card) + ",\"x\":\"X\"}").getBytes(StandardCharsets.UTF_8);
        utf8[utf8.length - 3] = (byte) 0xC3;
        add("not valid UTF-8", card, utf8);
        card = card();
        add("an empty object then the number", card, "{}" + card);
        card = card();
        add(
                "70 KiB, the number at both ends",
                card,
                "{\"order_id\":" + q(card) + ",\"pad\":\"" + "x".repeat(70_000) + card + "\"");
        card = card();
        add(
                "an ignored field in a broken event",
                card,
                with("note", q("card " + Format.SPACES.write(card)), "amount", q("ten")));
        card = card();
        add("a number as a field name in a broken event", card, with(card, q(card), "currency", q("eur")));
    }

    /** The text with every character written as a JSON \\u escape. */
    private static String escaped(String text) {
        StringBuilder b = new StringBuilder();
        for (char c : text.toCharArray()) {
            b.append(String.format("\\u%04x", (int) c));
        }
        return b.toString();
    }
}
