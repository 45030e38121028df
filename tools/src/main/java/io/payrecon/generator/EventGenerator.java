package io.payrecon.generator;

import io.payrecon.cli.Cli;
import io.payrecon.cli.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import org.apache.kafka.common.KafkaException;

/**
 * Command line: generates payment-event traffic and writes it to Kafka or to a JSON-lines file.
 * {@code --help} lists the flags. Records are streamed, so runs far larger than memory work.
 *
 * <p>Exit status: 0 done, 1 the write failed, 2 bad command line (one line on stderr, no stack
 * trace).
 */
public final class EventGenerator {
    private EventGenerator() {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err, System.currentTimeMillis());
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Runs the command line; returns the exit status instead of exiting.
     *
     * @param nowMillis the start time when {@code --start-time} is not given
     */
    static int run(String[] args, PrintStream out, PrintStream err, long nowMillis) {
        if (Cli.helpRequested(args)) {
            // Help wins over whatever else is wrong with the line: it is what the user needs.
            out.print(GeneratorArgs.usage());
            return 0;
        }
        GeneratorArgs options;
        TrafficSpec spec;
        try {
            options = GeneratorArgs.parse(args);
            spec = options.toSpec(nowMillis);
        } catch (UsageException e) {
            return Cli.usageError(e, err);
        }
        try {
            if (options.bootstrapServers() != null) {
                out.println(writeKafka(spec, options));
            } else if (options.outputFile().equals("-")) {
                // Standard output carries the records; the summary goes beside them.
                err.println(writeFile(spec, options, out));
            } else {
                out.println(writeFile(spec, options, null));
            }
            return 0;
        } catch (KafkaException | IOException | UncheckedIOException | CancellationException e) {
            err.println("error: " + message(e));
            return 1;
        }
    }

    private static String writeKafka(TrafficSpec spec, GeneratorArgs options) {
        try (KafkaTrafficWriter writer = KafkaTrafficWriter.open(
                options.bootstrapServers(), options.topic(), options.partitioning(), options.rate())) {
            TrafficPlan plan = TrafficGenerator.stream(spec, writer::send);
            KafkaWriteResult result = writer.finish();
            return "wrote " + result.records() + " records " + describe(plan) + " to topic " + options.topic()
                    + " at " + options.bootstrapServers() + " ("
                    + options.partitioning().flagValue()
                    + " partitioning); " + plan.describeCounts() + "; " + plan.describeMovements() + "; "
                    + result.describeSpread();
        }
    }

    private static String writeFile(TrafficSpec spec, GeneratorArgs options, PrintStream stdout) throws IOException {
        String target = stdout != null ? "standard output" : options.outputFile();
        try (FileTrafficWriter writer = stdout != null
                ? FileTrafficWriter.to(stdout, options.rate())
                : FileTrafficWriter.open(Path.of(options.outputFile()), options.rate())) {
            TrafficPlan plan = TrafficGenerator.stream(spec, writer::write);
            long written = writer.finish();
            return "wrote " + written + " records " + describe(plan) + " to " + target + "; " + plan.describeCounts()
                    + "; " + plan.describeMovements();
        }
    }

    private static String describe(TrafficPlan plan) {
        return "(" + plan.orders() + " orders, " + plan.lifecycleOrders() + " with lifecycle events)";
    }

    /** One line: the message, plus the root cause's when it adds to it (Kafka wraps the useful part). */
    private static String message(Exception e) {
        String text = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root != e && root.getMessage() != null && !text.contains(root.getMessage())) {
            text = text + ": " + root.getMessage();
        }
        return text.replace('\n', ' ').replace('\r', ' ');
    }
}
