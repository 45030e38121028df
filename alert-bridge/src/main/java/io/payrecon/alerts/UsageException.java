package io.payrecon.alerts;

/** A setting that cannot work; the message names the flag, and the command prints it as one line (exit 2). */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public static final int EXIT_CODE = 2;

    public UsageException(String message) {
        super(message);
    }
}
