/**
 * The Pipe SPI: how jswoole's processes exchange messages (master and workers, workers and task
 * workers). Chosen by {@code task_ipc_mode}: {@code unixsock}, {@code msgqueue}, or any provider
 * name for a custom IPC.
 */
package io.jswoole.spi.pipe;
