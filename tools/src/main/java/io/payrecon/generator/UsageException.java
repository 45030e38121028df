package io.payrecon.generator;

/**
 * A command line the generator cannot run. The message is the one line to print:
 * {@code error: --orders: 'abc' is not a whole number}.
 */
public final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String flag;

    /**
     * @param flag the flag at fault ("--orders"), or null when none is
     * @param reason what is wrong, without the flag
     */
    public UsageException(String flag, String reason) {
        super("error: " + (flag == null ? "" : flag + ": ") + reason);
        this.flag = flag;
    }

    /** The flag at fault, or null. */
    public String flag() {
        return flag;
    }
}
