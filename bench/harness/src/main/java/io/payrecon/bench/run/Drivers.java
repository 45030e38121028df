package io.payrecon.bench.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the drivers (BenchPreload, CopyCeiling, LatencyProbe, BenchAdmin, JfrTop) each in a JVM of
 * its own, with this JVM's classpath: their heaps and their CPU stay apart from the orchestrator's,
 * and each one's output is kept in the run's directory.
 */
public final class Drivers {
    private final Path opsDir;
    private final PrintStream echo;

    public Drivers(Path opsDir, PrintStream echo) {
        this.opsDir = opsDir;
        this.echo = echo;
    }

    /** Runs MAIN and waits; its output goes into {@code out}, and to the console if {@code shown}. */
    public DriverOutput run(String heap, Class<?> main, List<String> args, Path out, boolean shown) {
        return finish(start(heap, main, args), main, out, shown);
    }

    /** Starts MAIN; {@link #finish} waits for it. */
    public Process start(String heap, Class<?> main, List<String> args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap,
                "-Dlog4j2.configurationFile=" + opsDir.resolve("kafka-tools-log4j2.properties"),
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(args);
        try {
            return new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Copies the driver's output into {@code out} (and the console), then waits for its end. */
    public DriverOutput finish(Process process, Class<?> main, Path out, boolean shown) {
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                Writer file = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lines.add(line);
                file.write(line);
                file.write('\n');
                if (shown) {
                    echo.println(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int status;
        try {
            status = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            throw new BenchFailure(main.getSimpleName() + " interrupted");
        }
        if (status != 0) {
            throw new BenchFailure(main.getSimpleName() + " failed (status " + status + "; see " + out + ")");
        }
        return new DriverOutput(lines);
    }
}
