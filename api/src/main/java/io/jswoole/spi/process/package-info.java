/** The ProcessPool SPI: how the server's child processes are started, watched and stopped. */
package io.jswoole.spi.process;
