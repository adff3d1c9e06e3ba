/**
 * The service provider interfaces and the one mechanism ({@link io.jswoole.spi.Providers}) that
 * selects a provider for each: Factory (the server mode), Reactor (the event loop backend), Pipe
 * (how processes exchange messages) and ProcessPool (how child processes start).
 */
package io.jswoole.spi;
