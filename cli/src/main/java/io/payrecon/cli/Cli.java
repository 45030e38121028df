package io.payrecon.cli;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.OverwrittenOptionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.TypeConversionException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The house rules of every command line (the job, LocalRun, the embedded demo, the generator, the
 * alert bridge), in one place: the same value formats, {@code --flag value} and {@code --flag=value},
 * unknown flags rejected, {@code @file} taken as a value, {@code --help} winning over whatever else is
 * wrong, and every usage error turned into one line naming the flag ({@link #oneLine}) that {@link
 * #usageError} prints with exit status 2.
 *
 * <p>Commands parse with {@link #parse} rather than picocli's {@code execute}: the job's {@code
 * main} must be able to throw instead of exit when it runs inside a JobManager (application mode),
 * and {@code execute} turns every exception into a printed stack trace and an exit code.
 */
public final class Cli {
    private Cli() {}

    /** A picocli command line for {@code command} (an {@code @Command} object) named {@code name}. */
    public static CommandLine commandLine(Object command, String name) {
        CommandLine cl = new CommandLine(command);
        cl.setCommandName(name);
        // '@file' would read arguments from a file: a value such as '--topic @x' must stay a value.
        cl.setExpandAtFiles(false);
        cl.setUsageHelpWidth(120);
        cl.setUsageHelpLongOptionsMaxWidth(40);
        cl.registerConverter(Duration.class, new DurationConverter());
        cl.registerConverter(BigDecimal.class, new Converters.Decimal());
        cl.registerConverter(Integer.class, new Converters.WholeInt());
        cl.registerConverter(int.class, new Converters.WholeInt());
        cl.registerConverter(Long.class, new Converters.WholeLong());
        cl.registerConverter(long.class, new Converters.WholeLong());
        for (OptionSpec option : cl.getCommandSpec().options()) {
            if (option.type().isEnum()) {
                registerChoice(cl, option.type());
            }
        }
        return cl;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void registerChoice(CommandLine cl, Class<?> type) {
        cl.registerConverter((Class) type, new Converters.Choice(type));
    }

    /** True when the line asks for help: help wins over anything else wrong with it. */
    public static boolean helpRequested(String... args) {
        return List.of(args).contains("--help") || List.of(args).contains("-h");
    }

    /**
     * Parses {@code args} into the command object of {@code cl}.
     *
     * @throws UsageException whose message is one line naming the flag
     */
    public static ParseResult parse(CommandLine cl, String... args) {
        try {
            return cl.parseArgs(args);
        } catch (ParameterException e) {
            throw new UsageException(oneLine(e, args));
        }
    }

    /** Prints a usage error as its one line and gives the exit status of a bad command line (2). */
    public static int usageError(UsageException e, PrintStream err) {
        // A check may quote a client library's message, and those can span lines.
        err.println("error: " + e.getMessage().replaceAll("\\s*\\R\\s*", " ").trim());
        err.flush();
        return UsageException.EXIT_CODE;
    }

    /** Picocli's parse errors, worded as {@code --flag: what is wrong}. */
    static String oneLine(ParameterException e, String[] args) {
        if (e instanceof UnmatchedArgumentException unmatched
                && !unmatched.getUnmatched().isEmpty()) {
            return unmatched(unmatched.getUnmatched().get(0), args);
        }
        String flag = flagOf(e.getArgSpec());
        if (e instanceof OverwrittenOptionException overwritten) {
            return flagOf(overwritten.getOverwritten()) + ": given twice";
        }
        if (e instanceof MissingParameterException missing
                && !missing.getMissing().isEmpty()) {
            return flagOf(missing.getMissing().get(0)) + ": needs a value";
        }
        if (flag != null && e.getCause() instanceof TypeConversionException conversion) {
            return flag + ": " + conversion.getMessage();
        }
        if (flag != null && e.getArgSpec().arity().max == 0) {
            return flag + ": takes no value";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return (flag == null ? "" : flag + ": ") + message.replace('\n', ' ').replace('\r', ' ');
    }

    private static String unmatched(String arg, String[] args) {
        if (arg.startsWith("--")) {
            int eq = arg.indexOf('=');
            return (eq > 0 ? arg.substring(0, eq) : arg) + ": unknown flag (see --help)";
        }
        if (arg.startsWith("-") && arg.length() > 1 && !Character.isDigit(arg.charAt(1))) {
            return arg + ": flags start with two dashes (see --help)";
        }
        int at = List.of(args).indexOf(arg);
        if (at > 0 && args[at - 1].startsWith("--") && !args[at - 1].contains("=")) {
            // A value after a flag that takes none ('--bounded yes'): name the flag, not the value.
            return args[at - 1] + ": takes no value, got '" + arg + "'";
        }
        return "unexpected argument '" + arg + "' (see --help)";
    }

    private static String flagOf(ArgSpec spec) {
        return spec instanceof OptionSpec option ? option.longestName() : null;
    }
}
