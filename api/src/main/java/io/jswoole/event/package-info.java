/**
 * The server's callbacks as functional interfaces, one per shape; each runs in the process Swoole
 * runs it in (see {@link io.jswoole.Server} for the table).
 */
package io.jswoole.event;
