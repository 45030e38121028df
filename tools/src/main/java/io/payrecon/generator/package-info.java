/**
 * Test traffic for the reconciliation job.
 *
 * <ul>
 *   <li>{@link io.payrecon.generator.TrafficGenerator}: the deterministic traffic model (same
 *       {@link io.payrecon.generator.TrafficSpec}, same bytes), in memory or streamed.
 *   <li>{@link io.payrecon.partitioner.OrderIdPartitioner}: a producer partitioner that keeps an
 *       order's events on one partition whatever the record key.
 *   <li>{@link io.payrecon.generator.KafkaTrafficWriter} and
 *       {@link io.payrecon.generator.FileTrafficWriter}: write traffic to a topic or a JSON-lines file.
 *   <li>{@link io.payrecon.generator.EventGenerator}: the command line.
 * </ul>
 */
package io.payrecon.generator;
