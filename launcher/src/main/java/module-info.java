/**
 * The {@code jswoole} command line: runs a built-in example or an application's server, lists
 * the providers of each SPI found on the path, and prints the settings reference.
 *
 * <p>The mode and reactor providers are not required here: they only need to be on the module
 * path, where the API module's {@code uses} clauses bind them.
 */
module io.jswoole.launcher {
    requires io.jswoole.api;
    requires io.jswoole.examples;
    requires io.jswoole.core;
    requires io.jswoole.supervision;
    requires info.picocli;

    opens io.jswoole.launcher to info.picocli;
}
