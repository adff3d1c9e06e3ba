/**
 * JMH micro-benchmarks of the hot pieces: framing, event-loop wake-up and dispatch, and a pipe
 * round trip. Run with {@code java -cp 'bench/target/lib/*' org.openjdk.jmh.Main REGEX}.
 */
package io.jswoole.bench.jmh;
