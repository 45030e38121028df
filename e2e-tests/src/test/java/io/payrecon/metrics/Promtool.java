package io.payrecon.metrics;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Prometheus' own checker, {@code promtool} (Debian's {@code prometheus} package, which .ci/run
 * installs). Installed here when missing and the tests run as root; otherwise the tests that need it
 * are skipped with a message saying how to get it.
 */
final class Promtool {
    private static Path binary;

    private Promtool() {}

    record Result(int exitCode, String output) {}

    static synchronized Path binary() throws Exception {
        if (binary == null) {
            binary = find();
            if (binary == null && isRoot()) {
                run(List.of("bash", "-c", "apt-get update -qq && apt-get install -y -qq prometheus"), 600);
                binary = find();
            }
        }
        assumeTrue(binary != null, "promtool not found: apt-get install prometheus (Debian), as .ci/run does");
        return binary;
    }

    static Result run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>();
        command.add(binary().toString());
        command.addAll(List.of(args));
        return run(command, 120);
    }

    private static Path find() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static boolean isRoot() throws IOException, InterruptedException {
        try {
            return run(List.of("id", "-u"), 10).output().trim().equals("0");
        } catch (IOException e) {
            return false;
        }
    }

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(command + " did not finish within " + timeoutSeconds + " s: " + output);
        }
        return new Result(p.exitValue(), output);
    }
}
