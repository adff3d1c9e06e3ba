package io.jswoole.factory.process;

import io.jswoole.ipc.chronicle.ChronicleJvm;
import io.jswoole.testing.ServerProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a process-mode test server with its reactor threads and workers linked by one of the two
 * pipes: {@code unixsock}, or {@code chronicle} ({@code buffer_input=true}, in a JVM started with
 * the options Chronicle needs).
 */
final class WorkerPipes {
    static final String UNIXSOCK = "unixsock";
    static final String CHRONICLE = "chronicle";

    private WorkerPipes() {
    }

    static ServerProcess start(String pipe, Path dir, Class<?> main, String... args) throws IOException {
        if (!pipe.equals(CHRONICLE)) {
            return ServerProcess.start(dir, main, args);
        }
        List<String> all = new ArrayList<>(List.of(args));
        all.add("buffer_input=true");
        return ServerProcess.start(List.of(), ChronicleJvm.options(), dir, main, all.toArray(String[]::new));
    }
}
