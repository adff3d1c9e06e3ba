/**
 * Built-in example servers: {@link io.jswoole.examples.EchoServer} and
 * {@link io.jswoole.examples.WhoamiServer}, listed by {@link io.jswoole.examples.Examples}.
 */
module io.jswoole.examples {
    requires transitive io.jswoole.api;

    exports io.jswoole.examples;
}
