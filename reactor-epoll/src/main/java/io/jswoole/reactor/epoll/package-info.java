/** The {@code epoll} Reactor provider: the Reactor SPI over Linux epoll and raw socket descriptors. */
package io.jswoole.reactor.epoll;
