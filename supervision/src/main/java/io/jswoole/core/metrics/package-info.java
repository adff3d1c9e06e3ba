/**
 * What a running server reports about itself: every process's figures in a shared file
 * ({@link io.jswoole.core.metrics.ProcessMetrics}), and the admin endpoint that serves them in the
 * OpenMetrics text format and as JSON.
 */
package io.jswoole.core.metrics;
