package io.payrecon.bench.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What a run ran on: the machine, Java, and the commit of the source it measured. */
final class RunFacts {
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    private RunFacts() {}

    static void record(Results results, Path repo) {
        results.text("date", ZonedDateTime.now(ZoneOffset.UTC).format(DATE));
        results.count("machine.cores", Runtime.getRuntime().availableProcessors());
        cpuModel(read(Path.of("/proc/cpuinfo"))).ifPresent(cpu -> results.text("machine.cpu", cpu));
        results.figure("machine.memory_gib", memTotalKib(read(Path.of("/proc/meminfo"))) / 1048576.0, 1);
        results.text("machine.load_end", loadAverages(read(Path.of("/proc/loadavg"))));
        results.text(
                "versions.java",
                firstLine(run(List.of(
                                Path.of(System.getProperty("java.home"), "bin", "java")
                                        .toString(),
                                "-version")))
                        .orElse("unknown"));
        results.text(
                "source.commit",
                firstLine(run(List.of("git", "-C", repo.toString(), "rev-parse", "--short", "HEAD")))
                        .orElse("unknown"));
        String changes = run(List.of(
                "git", "-C", repo.toString(), "status", "--porcelain", "--", "*/src/main", "pom.xml", "*/pom.xml"));
        results.flag("source.uncommitted_changes", !changes.isBlank());
    }

    /** The first three fields of /proc/loadavg: the 1, 5 and 15 minute load averages. */
    static String loadAverages(String loadavg) {
        String[] f = loadavg.trim().split(" +");
        return String.join(" ", f[0], f[1], f[2]);
    }

    static Optional<String> cpuModel(String cpuinfo) {
        return cpuinfo.lines()
                .filter(l -> l.startsWith("model name"))
                .findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).replaceFirst("^ ", ""));
    }

    static long memTotalKib(String meminfo) {
        return meminfo.lines()
                .filter(l -> l.startsWith("MemTotal:"))
                .findFirst()
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                .orElseThrow(() -> new IllegalStateException("no MemTotal in /proc/meminfo"));
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Optional<String> firstLine(String text) {
        return text.lines().findFirst().filter(l -> !l.isBlank());
    }

    /** Output and errors of COMMAND; empty when it cannot run or fails. */
    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return process.waitFor() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }
}
