package io.payrecon.bench.run;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import picocli.CommandLine;

/** The progress lines of a run, as ops/lib.sh prints them: "HH:MM:SS SCRIPT: text". */
public final class Console {
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final String script;
    private final PrintStream out;
    private final PrintStream err;

    public Console(String script, PrintStream out, PrintStream err) {
        this.script = script;
        this.out = out;
        this.err = err;
    }

    public static Console system(String script) {
        return new Console(script, System.out, System.err);
    }

    /**
     * Runs a command line's {@code call()} and exits with its status; a bad flag is one line on this
     * console and status 2, as the project's other commands do.
     */
    public void exitWith(Object command, String[] args) {
        System.exit(new CommandLine(command)
                .setParameterExceptionHandler((e, a) -> {
                    warn("error: " + e.getMessage() + " (see --help)");
                    return 2;
                })
                .execute(args));
    }

    /** A part of the run begins. */
    public void step(String text) {
        out.printf("%n%s ==== %s%n", now(), text);
        out.flush();
    }

    public void say(String text) {
        out.printf("%s %s: %s%n", now(), script, text);
        out.flush();
    }

    public void warn(String text) {
        out.flush();
        err.printf("%s %s: %s%n", now(), script, text);
        err.flush();
    }

    /** 1234567 as "1,234,567", for the progress lines (the report's numbers are BenchReport's). */
    public static String count(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /** The seconds since {@code startMs}, as "12.3 s". */
    public static String since(long startMs) {
        long ms = System.currentTimeMillis() - startMs;
        return String.format(Locale.ROOT, "%d.%01d s", ms / 1000, ms % 1000 / 100);
    }

    private static String now() {
        return LocalTime.now().format(CLOCK);
    }
}
