package io.jswoole.bench.run;

import java.util.List;
import java.util.Map;

/** A server the runner starts, once per round, as a child process listening on a given port. */
public interface ServerSpec {

    /** The name in tables and charts, e.g. {@code netty-epoll}; unique within a run. */
    String name();

    /** A short description of the configuration. */
    String describe();

    /** The command line that starts the server on 127.0.0.1:{@code port} in the foreground. */
    List<String> command(int port);

    /** Environment variables the server gets on top of the bench's own. */
    default Map<String, String> environment() {
        return Map.of();
    }
}
