package io.payrecon.bench.cpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads CPU time from a proc file system: the real {@code /proc}, or a directory of fixtures in
 * tests. A process or thread that ends between listing and reading is skipped, not an error.
 */
public final class ProcFs {
    private final Path root;

    public ProcFs(Path root) {
        this.root = root;
    }

    public static ProcFs system() {
        return new ProcFs(Path.of("/proc"));
    }

    /** User + system ticks of the process, empty when it is gone. */
    public Optional<ProcStat> process(long pid) {
        return readStat(root.resolve(Long.toString(pid)).resolve("stat"));
    }

    /** Every live thread of the process with its ticks. */
    public List<ThreadTicks> threads(long pid) {
        List<ThreadTicks> threads = new ArrayList<>();
        try (Stream<Path> tasks = Files.list(root.resolve(Long.toString(pid)).resolve("task"))) {
            for (Path task : (Iterable<Path>) tasks.sorted()::iterator) {
                readStat(task.resolve("stat"))
                        .ifPresent(stat -> threads.add(new ThreadTicks(
                                Long.parseLong(task.getFileName().toString()), stat.kind(), stat.ticks())));
            }
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return threads;
    }

    public MachineTicks machine() {
        return MachineTicks.parse(read(root.resolve("stat")).orElseThrow());
    }

    /** The command line of the process, its arguments joined by spaces; empty when it is gone. */
    public Optional<String> commandLine(long pid) {
        return read(root.resolve(Long.toString(pid)).resolve("cmdline")).map(s -> s.replace('\0', ' '));
    }

    private Optional<ProcStat> readStat(Path file) {
        return read(file).map(String::trim).map(ProcStat::parse);
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            // A process that exits while being read answers ESRCH: gone as well.
            return Optional.empty();
        }
    }
}
