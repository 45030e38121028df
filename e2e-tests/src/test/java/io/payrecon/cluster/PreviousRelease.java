package io.payrecon.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The job jar of the last release, for the release-upgrade test: built from this repository's own
 * history (the commit below) into target/, once, or taken from {@code -Dprevious.release.jar=JAR}.
 * Built, not downloaded: the release is these sources at that commit, with the dependencies the
 * build already resolved.
 */
final class PreviousRelease {
    /** Release 2.0 (contract v2): the last commit before release 3.0's code moves and contract v3. */
    static final String RELEASE_2_0 = "3634bb9";

    private PreviousRelease() {}

    /** True when the jar is given, or the commit is in this clone's history (a shallow clone lacks it). */
    static boolean available(String commit, Path top) throws IOException, InterruptedException {
        String given = System.getProperty("previous.release.jar");
        if (given != null && !given.isBlank()) {
            return true;
        }
        Process check = new ProcessBuilder("git", "cat-file", "-e", commit + "^{commit}")
                .directory(top.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return check.waitFor(1, TimeUnit.MINUTES) && check.exitValue() == 0;
    }

    static Path jar(String commit, Path top) throws IOException, InterruptedException {
        String given = System.getProperty("previous.release.jar");
        if (given != null && !given.isBlank()) {
            return Path.of(given);
        }
        Path worktree = top.resolve("target/previous-release-" + commit);
        Path jar = worktree.resolve("target/payment-reconciliation.jar");
        if (Files.exists(jar)) {
            return jar;
        }
        if (!Files.isDirectory(worktree)) {
            run(top, List.of("git", "worktree", "add", "--force", "--detach", worktree.toString(), commit));
        }
        run(worktree, List.of("mvn", "-B", "-q", "package", "-pl", "job", "-am", "-DskipTests"));
        if (!Files.exists(jar)) {
            throw new IllegalStateException("building release " + commit + " left no " + jar);
        }
        return jar;
    }

    private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("previous-release", ".log");
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " still running after 15 minutes; see " + log);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    String.join(" ", command) + " failed (" + process.exitValue() + "): " + Files.readString(log));
        }
    }
}
