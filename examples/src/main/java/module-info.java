/**
 * Built-in example servers: {@link io.jswoole.examples.EchoServer},
 * {@link io.jswoole.examples.WhoamiServer}, {@link io.jswoole.examples.TasksServer},
 * {@link io.jswoole.examples.HttpServer} and {@link io.jswoole.examples.KvServer}, listed by
 * {@link io.jswoole.examples.Examples}.
 */
module io.jswoole.examples {
    requires transitive io.jswoole.api;

    exports io.jswoole.examples;
}
