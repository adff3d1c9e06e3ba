/** The event loop: one thread, a task queue and timers over a {@link io.jswoole.spi.reactor.Poller}. */
package io.jswoole.core.loop;
