/**
 * Task workers, user processes and the links between them and the workers: a worker listens,
 * every task worker and user process connects to every worker. Tasks travel over those links
 * ({@code task_ipc_mode=1} or a custom Pipe provider) or over a shared queue
 * ({@code task_ipc_mode} 2 and 3); results and pipe messages always travel over the links.
 */
package io.jswoole.tasks;
