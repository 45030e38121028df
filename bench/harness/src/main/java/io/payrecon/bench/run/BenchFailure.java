package io.payrecon.bench.run;

/** The run cannot go on: its message is the error line the script prints before it stops. */
public final class BenchFailure extends RuntimeException {
    public BenchFailure(String message) {
        super(message);
    }
}
