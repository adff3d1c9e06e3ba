package io.jswoole.ipc.chronicle;

import io.jswoole.testing.PipeFixture;
import java.io.IOException;
import java.nio.file.Path;

/** Chronicle links for the tests: their queues under a temporary stand-in for {@code /dev/shm}. */
final class ChronicleLinks {
    private ChronicleLinks() {
    }

    /** A listener in {@code runDir} whose links keep their queues under {@code shm}, on the nio reactor. */
    static PipeFixture open(Path shm, Path runDir) throws IOException {
        return open(shm, runDir, ChronicleChannel.DEFAULT_QUEUE_LIMIT);
    }

    /** The same, each link holding at most {@code queueLimit} bytes. */
    static PipeFixture open(Path shm, Path runDir, int queueLimit) throws IOException {
        return open("nio", shm, runDir, queueLimit);
    }

    /** The same on the reactor named {@code reactorName}. */
    static PipeFixture open(String reactorName, Path shm, Path runDir, int queueLimit) throws IOException {
        return open(reactorName, shm, runDir, queueLimit, PayloadRing.DEFAULT_SIZE);
    }

    /** The same, the links having rings of {@code ringSize} bytes per direction. */
    static PipeFixture open(String reactorName, Path shm, Path runDir, int queueLimit, int ringSize) throws IOException {
        return new PipeFixture(new ChroniclePipeProvider(shm, queueLimit, ringSize), reactorName, runDir);
    }

    /** The server's directory of links. */
    static Path serverDir(PipeFixture pipes) {
        return Path.of(pipes.listener.address()).getParent();
    }
}
