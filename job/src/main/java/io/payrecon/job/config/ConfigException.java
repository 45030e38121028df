package io.payrecon.job.config;

/** A bad command line: the message is one line naming the flag; the process exits with code 2. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    public static final int EXIT_CODE = 2;

    public ConfigException(String message) {
        super(message);
    }
}
