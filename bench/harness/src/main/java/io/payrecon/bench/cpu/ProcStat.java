package io.payrecon.bench.cpu;

/**
 * One line of {@code /proc/PID/stat} or {@code /proc/PID/task/TID/stat}: the command name and the
 * clock ticks spent in user and system mode (fields 14 and 15, proc(5)).
 *
 * <p>The command name sits in parentheses and may itself hold spaces and parentheses (a thread
 * named "C2 CompilerThre"), so it is what lies between the first "(" and the last ")", and the
 * numbered fields are counted after that last ")".
 */
public record ProcStat(String command, long userTicks, long systemTicks) {
    /** Fields 14 and 15 counted from field 3, the first after the command name. */
    private static final int UTIME_AFTER_COMMAND = 11;

    public static ProcStat parse(String line) {
        int open = line.indexOf('(');
        int close = line.lastIndexOf(')');
        if (open < 0 || close < open) {
            throw new IllegalArgumentException("not a /proc stat line: " + line);
        }
        String[] fields = line.substring(close + 1).trim().split(" +");
        if (fields.length <= UTIME_AFTER_COMMAND + 1) {
            throw new IllegalArgumentException("too few fields in a /proc stat line: " + line);
        }
        return new ProcStat(
                line.substring(open + 1, close),
                Long.parseLong(fields[UTIME_AFTER_COMMAND]),
                Long.parseLong(fields[UTIME_AFTER_COMMAND + 1]));
    }

    public long ticks() {
        return userTicks + systemTicks;
    }

    /**
     * The command name as a thread kind: digits as N and spaces as _, so that "C2 CompilerThre" and
     * "C1 CompilerThre" are one kind, and so are the numbered task and Kafka threads.
     */
    public String kind() {
        return command.replaceAll("[0-9]", "N").replace(' ', '_');
    }
}
