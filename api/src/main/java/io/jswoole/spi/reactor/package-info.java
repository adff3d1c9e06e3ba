/**
 * The Reactor SPI: the small backend under jswoole's one event loop. A provider polls readiness
 * ({@link io.jswoole.spi.reactor.Poller}) and opens the sockets it can poll
 * ({@link io.jswoole.spi.reactor.Transport}); the loop thread, task queue and timers are written
 * once, in shared code, above it.
 */
package io.jswoole.spi.reactor;
