package io.jswoole.ipc.chronicle;

import io.jswoole.testing.PipeFixture;
import static io.jswoole.testing.PipeMessage.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.spi.Providers;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.testing.PipeDriver;
import io.jswoole.testing.PipeMessage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The doorbell is a socket of whichever reactor runs the loop: here the epoll reactor's. */
@Timeout(60)
class EpollDoorbellTest {
    @TempDir
    Path shm;
    @TempDir
    Path runDir;

    @Test
    void messagesAndEndOfStreamOnTheEpollReactor() throws Exception {
        assumeTrue(Providers.list(ReactorProvider.class).stream()
                .anyMatch(f -> f.provider().name().equals("epoll") && f.provider().availability().isAvailable()),
                "epoll reactor not available");
        try (PipeFixture pipes = ChronicleLinks.open("epoll", shm, runDir, ChronicleChannel.DEFAULT_QUEUE_LIMIT)) {
            PipeDriver[] ends = pipes.pair();
            List<PipeMessage> sent = new ArrayList<>();
            for (int round = 0; round < 50; round++) {
                PipeMessage m = new PipeMessage(1, 2, 3, round, bytes(round, 100 + round));
                sent.add(m);
                ends[0].offer(m);
                ends[0].flush();
                int expected = round + 1;
                pipes.pollUntil(() -> ends[1].received.size() == expected); // woken by the doorbell each time
            }
            assertEquals(sent, ends[1].received);
            ends[0].channel.shutdownOutput();
            pipes.pollUntil(ends[1]::finished);
            assertNull(ends[1].failure());
        }
        assertEquals(List.of(), ChronicleChannelTest.list(shm));
    }
}
