package io.payrecon.bench.cpu;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The processes the ops/ scripts started for one run directory, found as ops/lib.sh finds them
 * ({@code pid_of}): a PID file under {@code RUN_DIR/pids}, a live process, and the run directory in
 * its command line, so that a reused PID is never taken for ours.
 */
public final class StackProcesses {
    private static final Pattern TASKMANAGER = Pattern.compile("taskmanager-([0-9]+)[.]pid");

    private final Path runDir;
    private final ProcFs proc;

    public StackProcesses(Path runDir, ProcFs proc) {
        this.runDir = runDir;
        this.proc = proc;
    }

    /** The PID of our process NAME (kafka, jobmanager, taskmanager-N) if it is alive. */
    public OptionalLong pidOf(String name) {
        Path file = runDir.resolve("pids").resolve(name + ".pid");
        String text;
        try {
            text = Files.readString(file).trim();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        if (!text.matches("[0-9]+")) {
            return OptionalLong.empty();
        }
        long pid = Long.parseLong(text);
        // With the slash, so target/cluster never claims a process of target/cluster-b.
        String ours = runDir + "/";
        Optional<String> commandLine = proc.commandLine(pid);
        return commandLine.isPresent() && commandLine.get().contains(ours)
                ? OptionalLong.of(pid)
                : OptionalLong.empty();
    }

    /** Our live TaskManagers by name, oldest (lowest number) first. */
    public List<String> liveTaskManagers() {
        List<String> names = new ArrayList<>();
        try (Stream<Path> files = Files.list(runDir.resolve("pids"))) {
            files.map(f -> TASKMANAGER.matcher(f.getFileName().toString()))
                    .filter(Matcher::matches)
                    .sorted(Comparator.comparingLong(m -> Long.parseLong(m.group(1))))
                    .map(m -> "taskmanager-" + m.group(1))
                    .filter(name -> pidOf(name).isPresent())
                    .forEach(names::add);
        } catch (java.nio.file.NoSuchFileException none) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    /** The first live TaskManager's PID (the one JFR records and source-drain samples). */
    public long firstTaskManagerPid() {
        for (String name : liveTaskManagers()) {
            OptionalLong pid = pidOf(name);
            if (pid.isPresent()) {
                return pid.getAsLong();
            }
        }
        throw new IllegalStateException("no live TaskManager under " + runDir);
    }
}
