/**
 * Small servers that show the API and serve as smoke tests: each has a
 * {@code static Server create(String host, int port)} that configures a server without starting
 * it, and a {@code main} that starts one.
 */
package io.jswoole.examples;
