package io.payrecon.bench.drain;

import io.payrecon.bench.cpu.ThreadTicks;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Samples a TaskManager's threads every 0.2 s while a drain runs: task threads end with their job,
 * so only a sample taken while they lived holds their CPU time. Every sample is kept in a file too.
 */
final class ThreadSampler implements AutoCloseable {
    private static final long EVERY_MS = 200;

    private final Supplier<List<ThreadTicks>> threads;
    private final Writer file;
    private final List<ThreadTicks> samples = new ArrayList<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "thread-sampler");
        t.setDaemon(true);
        return t;
    });

    ThreadSampler(Supplier<List<ThreadTicks>> threads, Path file) {
        this.threads = threads;
        try {
            this.file = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        timer.scheduleWithFixedDelay(this::sample, 0, EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /** Stops sampling after one last sample; every sample taken. */
    List<ThreadTicks> stop() {
        timer.shutdown();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        sample();
        close();
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    private void sample() {
        List<ThreadTicks> now = threads.get();
        synchronized (samples) {
            samples.addAll(now);
            try {
                for (ThreadTicks t : now) {
                    file.write(t.line());
                    file.write('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            file.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
