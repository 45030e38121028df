package io.payrecon.report;

import io.payrecon.cli.Cli;
import io.payrecon.cli.UsageException;
import io.payrecon.local.TopicReader;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Finance's month-end report (issue 23, item 4): reads the {@code statements} topic as a downstream
 * consumer does ({@code read_committed}), keeps each period's highest revision, and writes one
 * self-contained HTML page and a CSV with the same figures for the periods that start between two
 * UTC dates.
 *
 * <p>Exit status: 0 written, 1 the topic could not be read or the files not written, 2 bad command
 * line (one line on stderr).
 */
@Command(
        name = "report",
        sortOptions = false,
        description = {
            "Writes finance's report of the period statements that start between --from and --to (UTC",
            "dates, both included): one self-contained HTML page (no network needed to view it) and a CSV",
            "beside it with the same figures: per-currency totals, exceptions by type per period (a chart),",
            "the periods revised after their first statement, and the unmatched amount opened minus",
            "resolved per period with its running sum. Reads read_committed; a period's highest revision",
            "is its figure.",
            ""
        },
        footerHeading = "%n",
        footer = "Exit status: 0 written, 1 the topic could not be read or the files written, 2 bad command line.")
public final class StatementReport {
    static final String BOOTSTRAP_SERVERS = "--bootstrap-servers";
    static final String TOPIC = "--topic";
    static final String FROM = "--from";
    static final String TO = "--to";
    static final String OUT = "--out";
    static final String TIMEOUT = "--timeout";

    @Option(
            names = BOOTSTRAP_SERVERS,
            paramLabel = "HOST:PORT[,...]",
            order = 1,
            description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    private String bootstrapServers = "localhost:9092";

    @Option(
            names = TOPIC,
            paramLabel = "NAME",
            order = 2,
            description = "the statements topic (default: ${DEFAULT-VALUE})")
    private String topic = "statements";

    @Option(
            names = FROM,
            paramLabel = "YYYY-MM-DD",
            order = 3,
            required = true,
            converter = Date.class,
            description = "first UTC day of the report")
    private LocalDate from;

    @Option(
            names = TO,
            paramLabel = "YYYY-MM-DD",
            order = 4,
            required = true,
            converter = Date.class,
            description = "last UTC day of the report (included)")
    private LocalDate to;

    @Option(
            names = OUT,
            paramLabel = "DIR",
            order = 5,
            required = true,
            description = "folder for statements-FROM-to-TO.html and .csv (created if missing)")
    private Path out;

    @Option(
            names = TIMEOUT,
            paramLabel = "DURATION",
            order = 6,
            description = "how long reading the topic to its end may take (default: ${DEFAULT-VALUE})")
    private Duration timeout = Duration.ofMinutes(2);

    /** What one run wrote. */
    public record Written(Path html, Path csv, ReportFigures figures) {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    static CommandLine commandLine(StatementReport r) {
        return Cli.commandLine(r, "report");
    }

    public static String usage() {
        return commandLine(new StatementReport()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    /** Parses and checks a command line; every problem is a {@link UsageException}. */
    static StatementReport parse(String... args) {
        StatementReport r = new StatementReport();
        Cli.parse(commandLine(r), args);
        if (r.to.isBefore(r.from)) {
            throw new UsageException(TO + ": " + r.to + " is before " + FROM + " " + r.from);
        }
        if (r.topic.isEmpty()) {
            throw new UsageException(TOPIC + ": '' is not a topic");
        }
        if (r.bootstrapServers.isBlank()) {
            throw new UsageException(BOOTSTRAP_SERVERS + ": '' is not a server list");
        }
        if (r.timeout.isNegative() || r.timeout.isZero()) {
            throw new UsageException(TIMEOUT + ": must be above zero");
        }
        return r;
    }

    /** Runs the command line; returns the exit status instead of exiting. */
    public static int run(String[] args, PrintStream stdout, PrintStream err) {
        if (Cli.helpRequested(args)) {
            stdout.print(usage());
            return 0;
        }
        StatementReport r;
        try {
            r = parse(args);
        } catch (UsageException e) {
            return Cli.usageError(e, err);
        }
        try {
            Written w = r.write();
            stdout.printf(
                    "report of %d periods (%d statement records, %s to %s) -> %s and %s%n",
                    w.figures().periods().size(), w.figures().recordsRead(), r.from, r.to, w.html(), w.csv());
            return 0;
        } catch (KafkaException | IllegalStateException | IllegalArgumentException | UncheckedIOException e) {
            err.println("error: " + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " "));
            return 1;
        }
    }

    /** Reads the topic to its end and writes both files. */
    Written write() {
        List<PeriodStatement> statements = new ArrayList<>();
        try (TopicReader reader = new TopicReader(bootstrapServers, topic)) {
            for (ConsumerRecord<byte[], byte[]> rec : reader.readToEnd(timeout)) {
                try {
                    statements.add(PeriodStatement.parse(rec.value()));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("record " + rec.partition() + ":" + rec.offset() + " of " + topic
                            + " is not a statement: " + e.getMessage());
                }
            }
        }
        ReportFigures figures = ReportFigures.of(statements, from, to);
        String base = "statements-" + from + "-to-" + to;
        try {
            Files.createDirectories(out);
            Path html = out.resolve(base + ".html");
            Path csv = out.resolve(base + ".csv");
            Files.writeString(
                    html,
                    ReportHtml.render(figures, "topic '" + topic + "' at " + bootstrapServers),
                    StandardCharsets.UTF_8);
            Files.writeString(csv, ReportCsv.render(figures), StandardCharsets.UTF_8);
            return new Written(html, csv, figures);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** A UTC day, {@code YYYY-MM-DD}. */
    static final class Date implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String value) {
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not a date (YYYY-MM-DD)");
            }
        }
    }
}
