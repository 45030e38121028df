package io.payrecon.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.payrecon.codec.StatementJson;
import io.payrecon.local.EmbeddedKafka;
import io.payrecon.model.ExceptionType;
import io.payrecon.statements.CurrencyTotals;
import io.payrecon.statements.PeriodTotals;
import io.payrecon.statements.Statement;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Finance's report end to end: statements written to a real Kafka broker the way the job's sink
 * writes them (StatementJson, keyed by period_start, in transactions, revisions after their first
 * statement, one transaction aborted), the report command run against it, and its page opened in
 * headless Chromium. The expected figures are computed here from the JSON records this test wrote,
 * without the report's code.
 */
class StatementReportTest {
    private static final String TOPIC = "statements";
    private static final long HOUR = 3_600_000L;
    /** Four UTC days of hourly periods; the report asks for the middle two. */
    private static final Instant FIRST = Instant.parse("2026-11-29T00:00:00Z");

    private static final String FROM = "2026-11-30";
    private static final String TO = "2026-12-01";
    private static final String[] CURRENCIES = {"EUR", "USD", "JPY", "IDR"};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path OUT = Path.of("target", "statement-report");

    private static EmbeddedKafka kafka;
    /** The values of every committed statement record, in the order written. */
    private static final List<String> committed = new ArrayList<>();

    @BeforeAll
    static void writeStatements() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(3, TOPIC);
        Random random = new Random(23);
        List<Statement> first = new ArrayList<>();
        List<Statement> revisions = new ArrayList<>();
        for (int i = 0; i < 96; i++) {
            if (random.nextInt(5) == 0) {
                continue; // a period without records has no statement
            }
            long start = FIRST.toEpochMilli() + i * HOUR;
            first.add(statement(random, start, 0));
            int revised = random.nextInt(7) == 0 ? 1 + random.nextInt(2) : 0;
            for (int r = 1; r <= revised; r++) {
                revisions.add(statement(random, start, r));
            }
        }
        assertThat(revisions).isNotEmpty();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "statement-report-test");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.initTransactions();
            // As the job: first statements at one checkpoint, the revisions that late events cause
            // at later ones.
            send(producer, first, true);
            // A transaction the broker aborts (a failed checkpoint): a read_committed reader never
            // sees it, so its revision 9 of an in-range period must not be the period's figure.
            Statement aborted =
                    statement(random, Instant.parse("2026-11-30T05:00:00Z").toEpochMilli(), 9);
            send(producer, List.of(aborted), false);
            send(producer, revisions, true);
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, List<Statement> statements, boolean commit)
            throws Exception {
        producer.beginTransaction();
        for (Statement s : statements) {
            producer.send(new ProducerRecord<>(TOPIC, StatementJson.key(s), StatementJson.encode(s)))
                    .get();
        }
        if (commit) {
            producer.commitTransaction();
            statements.forEach(s -> committed.add(new String(StatementJson.encode(s), StandardCharsets.UTF_8)));
        } else {
            producer.abortTransaction();
        }
    }

    /** A statement with random figures in two or three currencies, sums at several scales. */
    private static Statement statement(Random random, long start, long revision) {
        PeriodTotals totals = new PeriodTotals();
        for (String currency : CURRENCIES) {
            if (random.nextInt(3) == 0) {
                continue;
            }
            int scale = currency.equals("JPY") ? 0 : currency.equals("USD") ? random.nextInt(4) : 2;
            totals.addCurrency(
                    currency,
                    new CurrencyTotals(
                            random.nextInt(5_000),
                            money(random, scale),
                            random.nextInt(40),
                            money(random, scale),
                            random.nextInt(30),
                            money(random, scale),
                            random.nextInt(10),
                            random.nextInt(10),
                            money(random, scale),
                            random.nextInt(3),
                            random.nextInt(50),
                            money(random, scale),
                            money(random, scale)));
        }
        for (ExceptionType type : ExceptionType.values()) {
            if (type != ExceptionType.MALFORMED_EVENT && random.nextInt(3) > 0) {
                totals.addExceptions(type, 1 + random.nextInt(60));
            }
        }
        return new Statement(start, start + HOUR, revision, totals);
    }

    private static BigDecimal money(Random random, int scale) {
        return BigDecimal.valueOf(random.nextLong(1, 5_000_000_000L), scale);
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void thePageAndTheCsvCarryTheStatementsFiguresAndTheBrowserRendersThePageCleanly() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int status = StatementReport.run(
                new String[] {
                    "--bootstrap-servers", kafka.bootstrapServers(), "--from", FROM, "--to", TO, "--out", OUT.toString()
                },
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8));
        assertThat(stderr.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(status).isZero();
        Path html = OUT.resolve("statements-" + FROM + "-to-" + TO + ".html");
        Path csv = OUT.resolve("statements-" + FROM + "-to-" + TO + ".csv");
        assertThat(stdout.toString(StandardCharsets.UTF_8)).contains(html.toString(), csv.toString());

        Map<String, String> expected = expectedFigures();
        assertThat(expected.keySet())
                .as("the data exercise every section")
                .anyMatch(k -> k.startsWith("revised|"))
                .anyMatch(k -> k.startsWith("unmatched|"))
                .anyMatch(k -> k.startsWith("exceptions|"))
                .anyMatch(k -> k.startsWith("total|"));

        // The CSV: one figure a row, the same keys.
        assertThat(csvFigures(Files.readString(csv))).isEqualTo(expected);

        // Self-contained: nothing that could fetch (the CSP also forbids it, and Chromium would
        // report a blocked fetch on the console).
        String page = Files.readString(html);
        assertThat(page)
                .contains("Content-Security-Policy", "default-src 'none'", "<svg")
                .doesNotContain("<script", "src=", "href=", "url(", "@import", "<link");

        // Chromium renders it: no console message, and the DOM it built holds the same figures.
        HeadlessChromium.Run dom = HeadlessChromium.run(html.toAbsolutePath(), "--dump-dom");
        assertThat(dom.exitCode()).as(dom.stderr()).isZero();
        assertThat(dom.consoleMessages()).isEmpty();
        assertThat(domFigures(dom.stdout())).isEqualTo(expected);
        // The chart: one bar segment per period and type counted in the range, each named.
        long segments = expected.keySet().stream()
                .filter(k -> k.startsWith("exceptions|"))
                .count();
        assertThat(Pattern.compile("<rect [^>]*><title>")
                        .matcher(dom.stdout())
                        .results()
                        .count())
                .isEqualTo(segments);

        Path screenshot = OUT.resolve("statement-report.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        HeadlessChromium.Run shot =
                HeadlessChromium.run(html.toAbsolutePath(), "--screenshot=" + screenshot, "--window-size=1400,3000");
        assertThat(shot.exitCode()).as(shot.stderr()).isZero();
        assertThat(shot.consoleMessages()).isEmpty();
        byte[] png = Files.readAllBytes(screenshot);
        assertThat(png.length).isGreaterThan(10_000);
        assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    /** The check above would see a page that fetches something or fails: it is not blind. */
    @Test
    void theConsoleCheckSeesABlockedFetchAndAnError() throws Exception {
        Path page =
                Files.createDirectories(OUT).resolve("not-self-contained.html").toAbsolutePath();
        Files.writeString(
                page,
                "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\""
                        + " content=\"default-src 'none'; style-src 'unsafe-inline'\"></head><body>"
                        + "<img src=\"http://127.0.0.1:9/logo.png\"></body></html>");
        assertThat(HeadlessChromium.run(page, "--dump-dom").consoleMessages())
                .anyMatch(m -> m.contains("127.0.0.1:9/logo.png"));
        Files.writeString(page, "<!DOCTYPE html><html><body><script>console.error('broken')</script></body></html>");
        assertThat(HeadlessChromium.run(page, "--dump-dom").consoleMessages()).anyMatch(m -> m.contains("broken"));
    }

    /**
     * The report's figures from the records this test committed, computed here: per period the
     * highest revision, periods starting within the two days.
     */
    private static Map<String, String> expectedFigures() throws Exception {
        TreeMap<String, JsonNode> current = new TreeMap<>();
        TreeMap<String, Integer> read = new TreeMap<>();
        for (String value : committed) {
            JsonNode s = JSON.readTree(value);
            String period = s.get("period_start").asText();
            if (period.compareTo(FROM + "T") < 0 || period.compareTo("2026-12-02T") >= 0) {
                continue;
            }
            read.merge(period, 1, Integer::sum);
            JsonNode kept = current.get(period);
            if (kept == null
                    || kept.get("revision").asLong() < s.get("revision").asLong()) {
                current.put(period, s);
            }
        }
        assertThat(current).hasSize(read.size()).isNotEmpty();
        Map<String, String> figures = new TreeMap<>();
        Map<String, Map<String, BigDecimal>> totals = new TreeMap<>();
        for (JsonNode s : current.values()) {
            s.get("currencies")
                    .fields()
                    .forEachRemaining(c -> c.getValue()
                            .fields()
                            .forEachRemaining(f -> totals.computeIfAbsent(c.getKey(), k -> new TreeMap<>())
                                    .merge(
                                            f.getKey(),
                                            new BigDecimal(f.getValue().asText()),
                                            BigDecimal::add)));
        }
        totals.forEach((currency, fs) ->
                fs.forEach((name, v) -> figures.put("total||" + currency + "|" + name, v.toPlainString())));
        current.forEach((period, s) -> {
            figures.put("period|" + period + "||revision", s.get("revision").asText());
            s.get("exceptions")
                    .fields()
                    .forEachRemaining(e -> figures.put(
                            "exceptions|" + period + "||" + e.getKey(),
                            e.getValue().asText()));
            if (s.get("revision").asLong() > 0) {
                figures.put(
                        "revised|" + period + "||revision", s.get("revision").asText());
                figures.put(
                        "revised|" + period + "||revisions_read",
                        read.get(period).toString());
            }
        });
        for (String currency : new TreeSet<>(totals.keySet())) {
            BigDecimal running = BigDecimal.ZERO;
            for (Map.Entry<String, JsonNode> p : current.entrySet()) {
                JsonNode c = p.getValue().get("currencies").get(currency);
                BigDecimal opened = c == null
                        ? BigDecimal.ZERO
                        : new BigDecimal(c.get("unmatched_open_amount").asText());
                BigDecimal resolved = c == null
                        ? BigDecimal.ZERO
                        : new BigDecimal(c.get("unmatched_resolved_amount").asText());
                running = running.add(opened).subtract(resolved);
                String key = "unmatched|" + p.getKey() + "|" + currency + "|";
                figures.put(key + "opened", opened.toPlainString());
                figures.put(key + "resolved", resolved.toPlainString());
                figures.put(key + "net", opened.subtract(resolved).toPlainString());
                figures.put(key + "running", running.toPlainString());
            }
        }
        return figures;
    }

    private static Map<String, String> csvFigures(String csv) {
        List<String> lines = csv.lines().toList();
        assertThat(lines.get(0)).isEqualTo("section,period_start,currency,figure,value");
        Map<String, String> figures = new TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            assertThat(cells).as(line).hasSize(5);
            String key = String.join("|", cells[0], cells[1], cells[2], cells[3]);
            assertThat(figures.put(key, cells[4]))
                    .as("one row per figure: " + key)
                    .isNull();
        }
        return figures;
    }

    private static Map<String, String> domFigures(String dom) {
        Map<String, String> figures = new TreeMap<>();
        Matcher m = Pattern.compile("data-figure=\"([^\"]*)\">([^<]*)<").matcher(dom);
        while (m.find()) {
            assertThat(figures.put(m.group(1), m.group(2)))
                    .as("one cell per figure: " + m.group(1))
                    .isNull();
        }
        return figures;
    }
}
