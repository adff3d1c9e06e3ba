/**
 * The {@code redis} Pipe provider and task broker: tasks on a Redis Stream read by a consumer
 * group, results on a list per sending worker, unacknowledged tasks of a dead task worker claimed
 * by another; Jedis is the client, with its connections retried with back-off.
 */
package io.jswoole.ipc.redis;
