package io.jswoole.bench.proto;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A server a protocol bench starts fresh in every round, in the foreground, on 127.0.0.1.
 *
 * @param name     the name in the table, e.g. {@code nginx}
 * @param describe a short description of how it is started
 * @param missing  why it cannot run here (a program not found), or empty
 * @param command  makes the command line for a port, given a fresh directory for its files
 */
public record ProtoServer(String name, String describe, Optional<String> missing, CommandFactory command) {

    /** The command line of a server on a port. */
    @FunctionalInterface
    public interface CommandFactory {
        /** The command that runs the server on 127.0.0.1:{@code port}; {@code dir} is its own, empty. */
        List<String> make(int port, Path dir) throws IOException;
    }

    /** A server that cannot run here, and why. */
    public static ProtoServer unavailable(String name, String why) {
        return new ProtoServer(name, why, Optional.of(why), (port, dir) -> {
            throw new IOException(name + ": " + why);
        });
    }
}
