package io.payrecon.bench.run;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * JFR in the running TaskManager through jcmd: no restart and no JVM option needed. Measured here:
 * the first recording in a JVM costs seconds of CPU (JFR initialises and compiles itself) and
 * settings=profile (10 ms sampling, allocation and lock events) doubled the TaskManager's CPU time on
 * a 200,000-event drain; settings=default (20 ms sampling) cost a few percent. So {@link #init}
 * runs a throwaway recording during the warm-up and the profiled drain records with the defaults.
 */
final class Jfr {
    private final RunContext run;
    private final Optional<Path> jcmd;

    Jfr(RunContext run) {
        this.run = run;
        this.jcmd = onPath("jcmd");
    }

    void init() {
        if (jcmd.isEmpty()) {
            return;
        }
        long pid = run.processes.firstTaskManagerPid();
        if (!(jcmd(pid, "JFR.start", "name=init", "settings=default") && jcmd(pid, "JFR.stop", "name=init"))) {
            run.console.warn("JFR could not start in the TaskManager: no profile");
        }
    }

    void start(Path recording) {
        if (jcmd.isEmpty()) {
            run.console.warn("no jcmd: no profile");
            return;
        }
        if (!jcmd(
                run.processes.firstTaskManagerPid(),
                "JFR.start",
                "name=bench",
                "settings=default",
                "filename=" + recording)) {
            run.console.warn("JFR.start failed: no profile");
        }
    }

    void stop() {
        if (jcmd.isPresent() && !jcmd(run.processes.firstTaskManagerPid(), "JFR.stop", "name=bench")) {
            run.console.warn("JFR.stop failed");
        }
    }

    private boolean jcmd(long pid, String... command) {
        List<String> args = new ArrayList<>(List.of(jcmd.orElseThrow().toString(), Long.toString(pid)));
        args.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(args)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            return process.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Optional<Path> onPath(String command) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
