/**
 * {@code bench tasks}: task round trips (worker → task worker → worker) per second and their
 * latency, for each {@code task_ipc_mode}, measured inside a real server's worker.
 */
package io.jswoole.bench.tasks;
