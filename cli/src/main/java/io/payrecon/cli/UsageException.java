package io.payrecon.cli;

/**
 * A command line that cannot work: the message is one line naming the flag ({@code --flag: what is
 * wrong}); {@link Cli#usageError} prints it and the process exits with {@link #EXIT_CODE}. One type
 * for every command, so a check shared between them (the Kafka client properties) fails the same way
 * in each.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A bad command line, as distinct from 1, a failure of the work itself. */
    public static final int EXIT_CODE = 2;

    public UsageException(String message) {
        super(message);
    }
}
