package io.payrecon.bench;

import io.payrecon.codec.OutputJson;
import java.time.Instant;

/**
 * The output records' time text, the job's formatter ({@link OutputJson#time}) against the JDK's
 * {@code Instant.toString} it replaced, alternating in one JVM (a ratio from the same run: the
 * machine is shared). Not a test: run it with
 * {@code java -cp "target/payment-reconciliation-tools.jar:$(cat target/payment-reconciliation-tools.classpath)"
 * io.payrecon.bench.TimeFormatThroughput [calls] [rounds]}.
 */
public final class TimeFormatThroughput {
    private TimeFormatThroughput() {}

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long base = Instant.parse("2026-11-21T10:00:03.250Z").toEpochMilli();
        long sink = 0;
        double bestJdk = Double.MAX_VALUE;
        double bestJob = Double.MAX_VALUE;
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += Instant.ofEpochMilli(base + i * 7L).toString().length();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                sink += OutputJson.time(base + i * 7L).length();
            }
            long t2 = System.nanoTime();
            double jdk = (t1 - t0) / (double) calls;
            double job = (t2 - t1) / (double) calls;
            bestJdk = Math.min(bestJdk, jdk);
            bestJob = Math.min(bestJob, job);
            System.out.printf("round %d: Instant.toString %.0f ns, OutputJson.time %.0f ns%n", round + 1, jdk, job);
        }
        System.out.printf(
                "best: Instant.toString %.0f ns, OutputJson.time %.0f ns per time, ratio %.2f (checksum %d)%n",
                bestJdk, bestJob, bestJob / bestJdk, sink);
    }
}
