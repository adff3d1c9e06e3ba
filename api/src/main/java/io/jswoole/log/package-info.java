/**
 * The server's log ({@link io.jswoole.log.Log}): Swoole's levels, one line per event, or the
 * application's own logging through {@link java.lang.System.Logger}.
 */
package io.jswoole.log;
