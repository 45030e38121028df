package io.payrecon.bench;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import io.payrecon.codec.EventDecoder;
import io.payrecon.generator.GeneratedRecord;
import io.payrecon.generator.TrafficGenerator;
import io.payrecon.generator.TrafficSpec;
import java.util.List;

/**
 * Decoding cost per input record, as a ratio to a floor measured in the same run: Jackson reading
 * every token of the same records and doing nothing with them (what any JSON decoding must pay).
 * Not a test: run it with
 * {@code java -cp "$(cat target/test-classpath.txt)" io.payrecon.bench.DecoderThroughput [records] [rounds]}
 * (bench/decoder.sh does the classpath).
 */
public final class DecoderThroughput {
    private DecoderThroughput() {}

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        List<GeneratedRecord> records = TrafficGenerator.generate(
                        TrafficSpec.builder().orders(orders).build())
                .records();
        byte[][] values = records.stream().map(GeneratedRecord::value).toArray(byte[][]::new);
        JsonFactory json = new JsonFactory();
        EventDecoder decoder = new EventDecoder();
        double bestFloor = Double.MAX_VALUE;
        double bestDecoder = Double.MAX_VALUE;
        long sink = 0;
        for (int round = 0; round < rounds; round++) { // alternate, keep the best of each: noise only slows
            long t0 = System.nanoTime();
            for (byte[] v : values) {
                try (JsonParser p = json.createParser(v)) {
                    while (p.nextToken() != null) {
                        sink++;
                    }
                } catch (Exception e) {
                    sink--;
                }
            }
            long t1 = System.nanoTime();
            for (byte[] v : values) {
                sink += decoder.decode(v).isEvent() ? 1 : 0;
            }
            long t2 = System.nanoTime();
            bestFloor = Math.min(bestFloor, (t1 - t0) / (double) values.length);
            bestDecoder = Math.min(bestDecoder, (t2 - t1) / (double) values.length);
        }
        System.out.printf(
                "records %,d  jackson-token-floor %.0f ns/record  EventDecoder %.0f ns/record  ratio %.2f  (%d)%n",
                values.length, bestFloor, bestDecoder, bestDecoder / bestFloor, sink % 10);
    }
}
