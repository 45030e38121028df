package io.payrecon.generator;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Writes generated records as JSON lines: each value's exact bytes, then '\n'. That is the job's
 * file-replay input; malformed values are written as they are (even invalid UTF-8).
 */
public final class FileTrafficWriter implements AutoCloseable {
    private final OutputStream out;
    private final boolean closeStream;
    private final Pacer pacer;
    private long written;

    FileTrafficWriter(OutputStream out, boolean closeStream, Pacer pacer) {
        this.out = new BufferedOutputStream(Objects.requireNonNull(out), 1 << 16);
        this.closeStream = closeStream;
        this.pacer = Objects.requireNonNull(pacer);
    }

    /** Creates (or truncates) the file. */
    public static FileTrafficWriter open(Path path, double ratePerSecond) throws IOException {
        return new FileTrafficWriter(Files.newOutputStream(path), true, Pacer.of(ratePerSecond));
    }

    /** Writes to a stream the caller owns (stdout); {@link #close} flushes but leaves it open. */
    public static FileTrafficWriter to(OutputStream out, double ratePerSecond) {
        return new FileTrafficWriter(out, false, Pacer.of(ratePerSecond));
    }

    public void write(GeneratedRecord record) {
        byte[] value = record.value();
        for (byte b : value) {
            if (b == '\n' || b == '\r') {
                // One record per line is the file format; the generator never writes line breaks.
                throw new IllegalArgumentException("value holds a line break: " + record);
            }
        }
        pacer.awaitTurn();
        try {
            out.write(value);
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written++;
    }

    /** Flushes; returns the records written. */
    public long finish() throws IOException {
        out.flush();
        return written;
    }

    @Override
    public void close() throws IOException {
        if (closeStream) {
            out.close();
        } else {
            out.flush();
        }
    }
}
