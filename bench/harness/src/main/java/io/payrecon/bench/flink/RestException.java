package io.payrecon.bench.flink;

/** The Flink REST API did not answer, or answered with an error status. */
public final class RestException extends RuntimeException {
    public RestException(String message, Throwable cause) {
        super(message, cause);
    }

    public RestException(String message) {
        super(message);
    }
}
