/**
 * JMH micro-benchmarks of the hot pieces: framing, event-loop wake-up and dispatch, a pipe round
 * trip, the metrics a worker records and what a scrape of them costs. Run with
 * {@code java -cp 'bench/target/lib/*' org.openjdk.jmh.Main REGEX}.
 */
package io.jswoole.bench.jmh;
