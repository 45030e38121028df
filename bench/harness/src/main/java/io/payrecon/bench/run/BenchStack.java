package io.payrecon.bench.run;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Where the benchmark's own stack is and what it is made of, as bench/lib.sh set it up before
 * handing over: the run directory, the broker and REST addresses, the jars. bench/lib.sh exports
 * the PAYRECON_* settings (its defaults on top of ops/lib.sh's) and passes the rest as system
 * properties, so the defaults live in one place.
 */
public record BenchStack(
        Path repo,
        String buildDir,
        Path runDir,
        String bootstrap,
        URI restUrl,
        Path savepointDir,
        Path jobJar,
        double clockTicksPerSecond) {

    public static BenchStack from(Map<String, String> env, Properties properties) {
        Path repo = Path.of(required(properties.getProperty("bench.repo"), "-Dbench.repo"));
        return new BenchStack(
                repo,
                required(properties.getProperty("bench.build.dir"), "-Dbench.build.dir"),
                Path.of(required(env.get("PAYRECON_RUN_DIR"), "PAYRECON_RUN_DIR"))
                        .toAbsolutePath(),
                "127.0.0.1:" + required(env.get("PAYRECON_KAFKA_PORT"), "PAYRECON_KAFKA_PORT"),
                URI.create("http://127.0.0.1:" + required(env.get("PAYRECON_REST_PORT"), "PAYRECON_REST_PORT")),
                Path.of(required(env.get("PAYRECON_SAVEPOINT_DIR"), "PAYRECON_SAVEPOINT_DIR"))
                        .toAbsolutePath(),
                Path.of(required(env.get("PAYRECON_JOB_JAR"), "PAYRECON_JOB_JAR")),
                Double.parseDouble(required(properties.getProperty("bench.clock.ticks"), "-Dbench.clock.ticks")));
    }

    private static String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new BenchFailure(
                    name + " is not set: run the benchmark through bench/run.sh or bench/source-drain.sh");
        }
        return value;
    }

    public Path opsDir() {
        return repo.resolve("ops");
    }

    public Path benchDir() {
        return repo.resolve("bench");
    }

    public Path confDir() {
        return runDir.resolve("conf");
    }

    /** Everything a benchmark build and run writes: target-bench/ unless BENCH_BUILD_DIR says. */
    public Path buildPath() {
        return repo.resolve(buildDir);
    }

    public Path peerJar() {
        return buildPath().resolve("sql-peer").resolve("payment-reconciliation-sql-peer.jar");
    }

    public Path benchJar() {
        return buildPath().resolve("payment-reconciliation-bench.jar");
    }
}
