/**
 * What a running server reports about itself: every process's figures in a shared file
 * ({@link io.jswoole.supervision.metrics.ProcessMetrics}), the admin endpoint that serves them in the
 * OpenMetrics text format and as JSON, and the callback latencies {@code stats()} reads from the
 * same file ({@link io.jswoole.supervision.metrics.Latencies}).
 */
package io.jswoole.supervision.metrics;
