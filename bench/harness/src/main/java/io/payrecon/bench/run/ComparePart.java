package io.payrecon.bench.run;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Before and after in one run: this build's job jar (A) against another build's (B,
 * BENCH_COMPARE_JAR, e.g. the commit before a change built with {@code mvn
 * -Dbuild.dir=target-before -DskipTests package}), BENCH_COMPARE_ROUNDS pairs of exactly-once
 * drains of the same topic, alternating, so that both see the same machine within minutes.
 */
final class ComparePart {
    private final RunContext run;
    private final Drains drains;

    ComparePart(RunContext run, Drains drains) {
        this.run = run;
        this.drains = drains;
    }

    /** Fails before anything runs when the compare part cannot: no jar to compare with. */
    static void check(BenchSettings settings) {
        Path jar = settings.compareJar();
        if (jar == null) {
            throw new BenchFailure("--only compare needs BENCH_COMPARE_JAR: another build's job jar");
        }
        if (!Files.isRegularFile(jar)) {
            throw new BenchFailure("BENCH_COMPARE_JAR: no file " + jar);
        }
    }

    void run() {
        Path other = run.settings.compareJar();
        int rounds = run.settings.compareRounds();
        run.console.step(
                "compare: " + rounds + " rounds of exactly-once drains, this build (A) then " + other + " (B)");
        run.results.text("compare.jar", other.toString());
        run.results.count("compare.rounds", rounds);
        run.parallelism = 2;
        drains.warm("b", other);
        for (int round = 1; round <= rounds; round++) {
            drains.measure("a" + round, run.stack.jobJar(), "compare.drains");
            drains.measure("b" + round, other, "compare.drains");
        }
    }
}
