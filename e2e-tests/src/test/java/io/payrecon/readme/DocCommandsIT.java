package io.payrecon.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.payrecon.readme.DocCommands.Command;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every command line of README.md, RELIABILITY.md, BENCHMARKS.md and docs/ (issue 23, item 6): what
 * {@link ReadmeCommandsIT} does not run for real is at least parsed and dry-run here.
 *
 * <ul>
 *   <li>every bash block passes {@code bash -n};
 *   <li>{@code mvn} lines: the modules of {@code -pl} exist, every class {@code -Dtest}/{@code -Dit.test}
 *       names is a test of the repository, every {@code -P} profile is declared, and Maven validates the
 *       line's modules, profiles and properties ({@code mvn -o -q validate} with the line's options:
 *       the goals are the only thing left out);
 *   <li>{@code bin/payrecon} lines: the command is in the launcher's table and every flag the line
 *       gives is one its {@code --help} lists;
 *   <li>scripts of the repository ({@code ops/}, {@code bench/}): they exist, are executable and
 *       pass {@code bash -n};
 *   <li>every path of the repository a command names exists (build outputs under {@code target*}
 *       aside), and {@code java -jar} names a jar the build makes;
 *   <li>anything else must be one of the outside tools the docs are known to use (Kafka's and
 *       Flink's CLIs, kubectl, docker, curl, kcat, Prometheus' and Alertmanager's): a new kind of
 *       command fails here until it gets a check.
 * </ul>
 */
class DocCommandsIT {
    private static final Path TOP = Path.of("");
    private static final Set<String> OUTSIDE_TOOLS = Set.of(
            "kubectl",
            "docker",
            "curl",
            "kcat",
            "jq",
            "flink",
            "prometheus-alertmanager",
            "amtool",
            "promtool",
            "kafka-topics.sh",
            "kafka-configs.sh",
            "kafka-transactions.sh",
            "kafka-console-consumer.sh",
            "kafka-consumer-groups.sh",
            "grep",
            "cut",
            "wc",
            "head",
            "tail",
            "sort",
            "cat",
            "sudo",
            "echo",
            "rm",
            "ls");
    private static final Set<String> SHELL_WORDS = Set.of("for", "do", "done", "if", "then", "fi", "while", "export");

    static List<Path> docs() throws IOException {
        List<Path> docs =
                new ArrayList<>(List.of(Path.of("README.md"), Path.of("RELIABILITY.md"), Path.of("BENCHMARKS.md")));
        try (Stream<Path> files = Files.walk(Path.of("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    static List<Command> commands() throws IOException {
        List<Command> commands = new ArrayList<>();
        for (Path doc : docs()) {
            commands.addAll(DocCommands.fencedCommands(doc));
            commands.addAll(DocCommands.inlineCommands(doc));
        }
        return commands;
    }

    @Test
    void theDocsHaveTheCommandsTheIssueNamed() throws IOException {
        assertThat(commands())
                .as("found in the docs")
                .anySatisfy(c -> assertThat(c.text()).contains("-Dit.test=FailureRecoveryIT"))
                .anySatisfy(c -> assertThat(c.text()).contains("-Dit.test=SavepointUpgradeIT"))
                .anySatisfy(c -> assertThat(c.text()).startsWith("bench/run.sh"))
                .anySatisfy(c -> assertThat(c.text()).startsWith("bin/payrecon"));
    }

    @Test
    void everyBashBlockParses() throws Exception {
        for (Path doc : docs()) {
            for (Command block : DocCommands.fencedBlocks(doc)) {
                Run r = exec(List.of("bash", "-n", "-c", block.text()), Map.of());
                assertThat(r.status).as(block + "\n" + r.output).isZero();
            }
        }
    }

    @Test
    void everyCommandIsKnownAndNamesWhatExists() throws Exception {
        List<String> problems = new ArrayList<>();
        for (Command c : commands()) {
            String program = c.program();
            if (program.isEmpty() || SHELL_WORDS.contains(program) || program.startsWith("-")) {
                continue; // a loop's keywords; an option continuing the line before
            }
            boolean known = program.equals("mvn")
                    || program.equals("java")
                    || program.equals("bin/payrecon")
                    || OUTSIDE_TOOLS.contains(program)
                    || repoScript(program);
            if (!known) {
                problems.add(c + "\n    '" + program + "' is no command this check knows");
            }
            if (repoScript(program)) {
                Path script = TOP.resolve(program);
                if (!Files.isExecutable(script)) {
                    problems.add(c + "\n    " + program + " does not exist or is not executable");
                } else if (Files.readString(script).startsWith("#!/usr/bin/env bash")
                        && exec(List.of("bash", "-n", program), Map.of()).status != 0) {
                    problems.add(c + "\n    " + program + " does not pass bash -n");
                }
            }
            for (String word : c.words()) {
                String path = word.replaceFirst("^--?[\\w.-]+=", "");
                if (repoPath(path) && !Files.exists(TOP.resolve(path))) {
                    problems.add(c + "\n    names " + path + ", which is not in the repository");
                }
            }
            if (program.equals("java")) {
                int jar = c.words().indexOf("-jar");
                if (jar >= 0
                        && !buildJars()
                                .contains(Path.of(c.words().get(jar + 1))
                                        .getFileName()
                                        .toString())) {
                    problems.add(c + "\n    " + c.words().get(jar + 1) + " is no jar the build makes " + buildJars());
                }
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void everyMavenLineNamesRealModulesTestsAndProfilesAndValidates() throws Exception {
        List<String> problems = new ArrayList<>();
        Set<List<String>> dryRuns = new LinkedHashSet<>();
        Map<List<String>, Command> from = new LinkedHashMap<>();
        for (Command c : commands()) {
            if (!c.program().equals("mvn")) {
                continue;
            }
            List<String> options = new ArrayList<>();
            List<String> words = c.words();
            for (int i = 1; i < words.size(); i++) {
                String w = words.get(i);
                if (!w.startsWith("-")) {
                    continue; // a phase or goal
                }
                if (w.equals("-pl") || w.equals("-P") || w.equals("-f")) {
                    String value = words.get(++i);
                    options.add(w);
                    options.add(value);
                    if (w.equals("-pl")) {
                        for (String module : value.split(",")) {
                            if (!Files.isRegularFile(TOP.resolve(module).resolve("pom.xml"))) {
                                problems.add(c + "\n    -pl " + module + ": no such module");
                            }
                        }
                    }
                    continue;
                }
                if (w.startsWith("-P")) {
                    for (String profile : w.substring(2).split(",")) {
                        if (!profiles().contains(profile)) {
                            problems.add(c + "\n    -P" + profile + ": no pom declares that profile");
                        }
                    }
                }
                Matcher test = Pattern.compile("-D(test|it\\.test)=(.*)").matcher(w);
                if (test.matches()) {
                    for (String name : test.group(2).split(",")) {
                        String cls = name.replaceFirst("#.*", "");
                        if (!cls.equals("NONE") && !testClasses().contains(cls)) {
                            problems.add(c + "\n    " + w + ": no test class " + cls + " in the repository");
                        }
                        if (test.group(1).equals("it.test") && !cls.equals("NONE")) {
                            problems.addAll(failsafeStops(c, cls));
                        }
                    }
                }
                options.add(w);
            }
            dryRuns.add(options);
            from.putIfAbsent(options, c);
        }
        for (List<String> options : dryRuns) {
            List<String> argv = new ArrayList<>(List.of("mvn", "-B", "-q", "-o"));
            argv.addAll(options.stream()
                    .filter(o -> !o.equals("-B") && !o.equals("-q"))
                    .toList());
            argv.add("validate");
            Run r = exec(argv, Map.of());
            if (r.status != 0) {
                problems.add(from.get(options) + "\n    dry run `" + String.join(" ", argv) + "` failed:\n" + r.output);
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    @Test
    void everyLauncherLineNamesACommandAndFlagsItHas() throws Exception {
        List<String> problems = new ArrayList<>();
        String table = exec(List.of("bin/payrecon", "--help"), Map.of()).output;
        Map<String, String> helps = new LinkedHashMap<>();
        for (Command c : commands()) {
            if (!c.program().equals("bin/payrecon")
                    || c.words().size() < 2
                    || c.words().get(1).startsWith("-")) {
                continue;
            }
            String command = c.words().get(1);
            if (!Pattern.compile("(?m)^  " + Pattern.quote(command) + " ")
                    .matcher(table)
                    .find()) {
                problems.add(c + "\n    '" + command + "' is not in the launcher's table");
                continue;
            }
            String help = helps.computeIfAbsent(command, k -> {
                try {
                    return exec(List.of("bin/payrecon", k, "--help"), launcherEnv()).output;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (String word : c.words()) {
                if (word.startsWith("--") && !word.equals("--help")) {
                    String flag = word.replaceFirst("=.*", "");
                    if (!Pattern.compile("(?<![\\w-])" + Pattern.quote(flag) + "(?![\\w-])")
                            .matcher(help)
                            .find()) {
                        problems.add(c + "\n    " + flag + " is not a flag of `bin/payrecon " + command + "`");
                    }
                }
            }
        }
        assertThat(problems).as(String.join("\n", problems)).isEmpty();
    }

    /**
     * What stopped the README's and RELIABILITY.md's {@code -Dit.test=FailureRecoveryIT} lines (issue 23,
     * item 6): failsafe fails a module in which no test matches, unless {@code
     * failsafe.failIfNoSpecifiedTests} is false there (on the line, or in the poms). Every module of the
     * line's reactor that runs failsafe and lacks the test must let it pass.
     */
    private static List<String> failsafeStops(Command c, String it) throws IOException {
        if (c.words().contains("-Dfailsafe.failIfNoSpecifiedTests=false")) {
            return List.of();
        }
        List<String> reactor = new ArrayList<>();
        int pl = c.words().indexOf("-pl");
        if (pl >= 0 && !c.words().contains("-am")) {
            reactor.addAll(List.of(c.words().get(pl + 1).split(",")));
        } else {
            try (Stream<Path> poms = Files.walk(TOP.toAbsolutePath(), 2)) {
                poms.filter(f -> f.getFileName().toString().equals("pom.xml"))
                        .map(f -> TOP.toAbsolutePath().relativize(f.getParent()).toString())
                        .filter(m -> !m.isEmpty())
                        .forEach(reactor::add);
            }
        }
        String parent = Files.readString(TOP.resolve("pom.xml"));
        boolean parentLetsPass =
                parent.contains("<failsafe.failIfNoSpecifiedTests>false</failsafe.failIfNoSpecifiedTests>");
        List<String> problems = new ArrayList<>();
        for (String module : reactor) {
            Path pom = TOP.resolve(module).resolve("pom.xml");
            String text = Files.isRegularFile(pom) ? Files.readString(pom) : "";
            if (!text.contains("maven-failsafe-plugin")) {
                continue;
            }
            boolean hasIt;
            try (Stream<Path> files = Files.walk(TOP.resolve(module))) {
                hasIt = files.anyMatch(f -> f.getFileName().toString().equals(it + ".java"));
            }
            boolean letsPass = text.contains("<failsafe.failIfNoSpecifiedTests>")
                    ? text.contains("<failsafe.failIfNoSpecifiedTests>false</failsafe.failIfNoSpecifiedTests>")
                    : parentLetsPass;
            if (!hasIt && !letsPass) {
                problems.add(c + "\n    failsafe stops the build in " + module + ", which has no " + it);
            }
        }
        return problems;
    }

    private static Map<String, String> launcherEnv() {
        return Map.of("PAYRECON_BUILD_DIR", System.getProperty("build.dir", "target"));
    }

    private static boolean repoScript(String program) {
        return program.matches("(ops|bench|bin)/[\\w.-]+");
    }

    /** A relative path into a top-level folder of the repository, not a build output. */
    private static boolean repoPath(String word) {
        // A file (name with an extension) or a folder (trailing slash): not a resource such as kubectl's
        // deploy/payment-reconciliation.
        if (!word.matches("[\\w.-]+/[\\w./-]*(\\.\\w+|/)") || word.startsWith("target") || word.contains("://")) {
            return false;
        }
        String top = word.substring(0, word.indexOf('/'));
        return Files.isDirectory(TOP.resolve(top)) && !top.startsWith("target") && !top.equals("savepoints");
    }

    private static Set<String> testClasses;

    private static synchronized Set<String> testClasses() throws IOException {
        if (testClasses == null) {
            testClasses = new LinkedHashSet<>();
            try (Stream<Path> files = Files.walk(TOP.toAbsolutePath())) {
                files.filter(f -> f.toString().contains("/src/test/java/"))
                        .filter(f -> f.toString().endsWith(".java"))
                        .forEach(f -> testClasses.add(f.getFileName().toString().replace(".java", "")));
            }
        }
        return testClasses;
    }

    private static Set<String> profiles() throws IOException {
        Set<String> ids = new LinkedHashSet<>();
        try (Stream<Path> poms = Files.walk(TOP.toAbsolutePath(), 3)) {
            for (Path pom : poms.filter(f -> f.getFileName().toString().equals("pom.xml"))
                    .toList()) {
                Matcher m = Pattern.compile("<profile>\\s*(?:<!--[\\s\\S]*?-->\\s*)*<id>([^<]+)</id>")
                        .matcher(Files.readString(pom));
                while (m.find()) {
                    ids.add(m.group(1));
                }
            }
        }
        return ids;
    }

    /** The jars the build makes: each module's finalName, and the shaded jars' output files. */
    private static Set<String> buildJars() throws IOException {
        Set<String> jars = new LinkedHashSet<>();
        try (Stream<Path> poms = Files.walk(TOP.toAbsolutePath(), 3)) {
            for (Path pom : poms.filter(f -> f.getFileName().toString().equals("pom.xml"))
                    .toList()) {
                String text = Files.readString(pom);
                Matcher m = Pattern.compile("<finalName>([^<$]+)</finalName>").matcher(text);
                while (m.find()) {
                    jars.add(m.group(1) + ".jar");
                }
                Matcher shaded = Pattern.compile("<outputFile>\\$\\{jars\\.dir}/([^<]+\\.jar)</outputFile>")
                        .matcher(text);
                while (shaded.find()) {
                    jars.add(shaded.group(1));
                }
            }
        }
        return jars;
    }

    private record Run(int status, String output) {}

    private static Run exec(List<String> argv, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).as(String.join(" ", argv)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
