package io.jswoole.ipc.unixsock;

import io.jswoole.testing.PipeFixture;
import io.jswoole.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.testing.PipeDriver;
import io.jswoole.testing.PipeMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** "Either side notices the other's death at once": a child JVM killed with SIGKILL ends its channel. */
@Timeout(60)
class ChildDeathTest {
    @TempDir
    Path runDir;

    @Test
    void killingTheChildEndsItsChannel() throws Exception {
        try (PipeFixture pipes = new PipeFixture(new UnixSockPipeProvider(), "nio", runDir)) {
            Process child = new ProcessBuilder(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"),
                    PipeChild.class.getName(), pipes.listener.address()))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            try {
                PipeChannel channel = pipes.acceptOne();
                PipeDriver parent = pipes.endpoint(channel, true);
                Await.pollUntil(pipes.poller, () -> parent.received.size() == 1 || parent.finished());
                PipeMessage hello = parent.received.get(0);
                assertEquals(7, hello.type());
                assertEquals(1, hello.flags());
                assertEquals(2, hello.reactorId());
                assertEquals((int) child.pid(), hello.session());
                assertEquals("hello from " + child.pid(), new String(hello.payload(), StandardCharsets.UTF_8));
                assertTrue(!parent.finished(), "the child is still alive");

                child.destroyForcibly();
                // Ended (EOF) or failed (reset): either way, noticed without any timeout of ours.
                Await.pollUntil(pipes.poller, parent::finished);
                assertEquals(1, parent.received.size());
                assertTrue(child.waitFor(10, TimeUnit.SECONDS));
            } finally {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
