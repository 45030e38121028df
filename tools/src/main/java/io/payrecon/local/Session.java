package io.payrecon.local;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a local session (the demo) leaves behind: nothing. Every temporary file of the process (Kafka's
 * log, Flink's blobs, web UI and RocksDB files, RocksDB's native library) goes under one folder of the
 * temporary directory, and closing the session (at the end of the run, or on Ctrl-C or SIGTERM through
 * a shutdown hook) closes what was registered, newest first, and removes the folder. Quietly: what
 * Kafka and Flink say while they stop is in the log file, not on the console.
 */
final class Session implements AutoCloseable {
    private final Path dir;
    private final PrintStream out;
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private boolean closed;

    private Session(Path dir, PrintStream out) {
        this.dir = dir;
        this.out = out;
    }

    /**
     * Opens a session: a folder of its own in the temporary directory, made the process's temporary
     * directory before Kafka or Flink asks for one (call it first thing), and a shutdown hook.
     */
    static Session open(PrintStream out) throws IOException {
        Path dir = Files.createTempDirectory("payrecon-demo-");
        System.setProperty("java.io.tmpdir", dir.toString());
        Session session = new Session(dir, out);
        Runtime.getRuntime().addShutdownHook(new Thread(session::stopOnSignal, "payrecon-session-stop"));
        return session;
    }

    Path dir() {
        return dir;
    }

    /** Closes {@code resource} when the session closes (after anything registered later). */
    synchronized <T extends AutoCloseable> T register(T resource) {
        resources.push(resource);
        return resource;
    }

    private void stopOnSignal() {
        boolean wasOpen;
        synchronized (this) {
            wasOpen = !closed;
        }
        if (wasOpen) {
            out.println();
            out.println("Stopping: the live job, Flink and Kafka...");
            // Whatever Kafka and Flink print while torn down mid-flight is noise here.
            System.setErr(new PrintStream(OutputStream.nullOutputStream()));
            close();
            out.println("Stopped; removed " + dir + ".");
            out.flush();
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                // stopping anyway: the next resource, then the folder
            }
        }
        deleteRecursively(dir);
    }

    static void deleteRecursively(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: a file still open elsewhere
        }
    }
}
