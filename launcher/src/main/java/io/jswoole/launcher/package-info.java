/**
 * The {@code jswoole} command line ({@link io.jswoole.launcher.Main}): {@code run} a built-in
 * example or an application's server with settings from a config file and {@code --set} options,
 * list the {@code providers} of each SPI, and print the {@code settings} reference.
 */
package io.jswoole.launcher;
