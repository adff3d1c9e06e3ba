/** The {@code nio} Reactor provider: the Reactor SPI over java.nio selectors and channels. */
package io.jswoole.reactor.nio;
