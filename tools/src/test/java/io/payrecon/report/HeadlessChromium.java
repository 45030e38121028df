package io.payrecon.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, with nothing of its own on the network (no QUIC, no background
 * fetches, no component updates, no sync) and a fresh profile per run. Its log on stderr carries
 * every message the page writes to the console, errors and blocked fetches included.
 */
final class HeadlessChromium {
    static final Path BINARY = Path.of("/usr/bin/chromium");
    /** How Chromium's log names a console message of the page: {@code INFO:CONSOLE(12)] "..."}. */
    static final Pattern CONSOLE = Pattern.compile(":CONSOLE[:(]");

    record Run(int exitCode, String stdout, String stderr) {
        /** The page's console messages (any level: a report has nothing to say there). */
        List<String> consoleMessages() {
            return stderr.lines().filter(l -> CONSOLE.matcher(l).find()).toList();
        }
    }

    private HeadlessChromium() {}

    static Run run(Path page, String... extra) throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: .ci/run installs Debian's chromium");
        }
        Path profile = Files.createTempDirectory("payrecon-chromium");
        Path out = Files.createTempFile("chromium", ".out");
        Path err = Files.createTempFile("chromium", ".err");
        try {
            List<String> cmd = new ArrayList<>(List.of(
                    BINARY.toString(),
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--user-data-dir=" + profile,
                    "--enable-logging=stderr",
                    "--v=0"));
            cmd.addAll(List.of(extra));
            cmd.add(page.toUri().toString());
            Process p = new ProcessBuilder(cmd)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("chromium did not finish within 120 s: " + cmd);
            }
            return new Run(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
