package io.jswoole.bench.proto;

import io.jswoole.bench.run.Installation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /**
     * The jswoole example {@code example} through this project's {@code bin/jswoole}, with
     * {@code settings} ({@code key=value}) set on it; {@code describe} names how it runs.
     */
    public static ProtoServer jswooleExample(String example, String describe, List<String> settings) {
        Optional<Path> script = Installation.script();
        if (script.isEmpty()) {
            return unavailable("jswoole", "bin/jswoole not found: run the bench from the project's build");
        }
        return new ProtoServer("jswoole", describe, Optional.empty(), (port, dir) -> {
            List<String> cmd = new ArrayList<>(List.of(script.get().toString(), "run", "--example", example,
                    "--host", ServerSession.HOST, "--port", Integer.toString(port)));
            settings.forEach(s -> cmd.addAll(List.of("--set", s)));
            return cmd;
        });
    }

    /** This server, its command line after {@code prefix} (such as {@code taskset -c 0}). */
    public ProtoServer prefixed(List<String> prefix) {
        if (prefix.isEmpty()) {
            return this;
        }
        return new ProtoServer(name, describe, missing, (port, dir) -> {
            List<String> cmd = new ArrayList<>(prefix);
            cmd.addAll(command.make(port, dir));
            return cmd;
        });
    }

    /** A server that cannot run here, and why. */
    public static ProtoServer unavailable(String name, String why) {
        return new ProtoServer(name, why, Optional.of(why), (port, dir) -> {
            throw new IOException(name + ": " + why);
        });
    }
}
