/**
 * Test traffic for the reconciliation job.
 *
 * <ul>
 *   <li>{@link io.payrecon.generator.TrafficGenerator}: the deterministic traffic model (same
 *       {@link io.payrecon.generator.TrafficSpec}, same bytes), in memory or streamed. Its parts:
 *       {@link io.payrecon.generator.TrafficPlan} (how many orders of each scenario),
 *       {@link io.payrecon.generator.ScenarioDraw} (which order is which),
 *       {@link io.payrecon.generator.OrderScript} (one order's events, with
 *       {@link io.payrecon.generator.Money} and {@link io.payrecon.generator.EventTimeText}),
 *       {@link io.payrecon.generator.ArrivalQueue} (arrival order within the out-of-order bound).
 *   <li>{@link io.payrecon.generator.MalformedInputCatalogue}: every malformed input shape, for the
 *       generator and for the hostile-input test and benchmark.
 *   <li>{@link io.payrecon.partitioner.OrderIdPartitioner}: a producer partitioner that keeps an
 *       order's events on one partition whatever the record key.
 *   <li>{@link io.payrecon.generator.KafkaTrafficWriter} and
 *       {@link io.payrecon.generator.FileTrafficWriter}: write traffic to a topic or a JSON-lines file.
 *   <li>{@link io.payrecon.generator.EventGenerator}: the command line.
 * </ul>
 */
package io.payrecon.generator;
