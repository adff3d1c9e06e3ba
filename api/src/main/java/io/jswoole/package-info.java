/**
 * jswoole's API: {@link io.jswoole.Server} with Swoole's settings, callbacks and methods, its
 * ports, and the figures it reports ({@link io.jswoole.ServerStats}, {@link io.jswoole.ClientInfo}).
 */
package io.jswoole;
