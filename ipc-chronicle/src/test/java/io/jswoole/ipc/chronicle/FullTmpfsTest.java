package io.jswoole.ipc.chronicle;

import io.jswoole.testing.PipeFixture;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.testing.PipeDriver;
import io.jswoole.testing.PipeMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A link on a tmpfs that fills up: the offer that finds no memory fails with
 * {@link io.jswoole.spi.pipe.PipeChannel.BrokenChannelException} and closes the channel; the
 * process goes on and other links work.
 */
@Timeout(60)
class FullTmpfsTest {
    @TempDir
    Path base;
    @TempDir
    Path runDir;
    private Path small;
    private boolean mounted;

    @BeforeEach
    void mountSmallTmpfs() throws Exception {
        small = Files.createDirectory(base.resolve("small"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        mounted = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            new ProcessBuilder("umount", "-l", small.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The rings are sparse: a ring larger than the tmpfs opens, and the offer that finds no memory fails. */
    @Test
    void aRingLargerThanTheTmpfsFailsTheOfferNotTheProcess() throws Exception {
        assumeTrue(mounted, "mounting a tmpfs needs root");
        assertOfferFailsForRoom(4 << 20, 100_000, 100);
    }

    @Test
    void aFullTmpfsFailsTheOfferNotTheProcess() throws Exception {
        assumeTrue(mounted, "mounting a tmpfs needs root");
        // Rings of 16 KiB fit; the messages past them go inline into the queue files, which do not.
        assertOfferFailsForRoom(16 << 10, 4000, 100_000);
        try (PipeFixture elsewhere = ChronicleLinks.open(base.resolve("roomy"), runDir)) {
            PipeDriver[] ends = elsewhere.pair();
            assertTrue(ends[0].offer(new PipeMessage(1, 0, 0, 1, PipeMessage.bytes(1, 4000))));
            ends[0].flush();
            elsewhere.pollUntil(() -> ends[1].received.size() == 1);
        }
    }

    /** Offers {@code count} messages of {@code size} bytes, which do not fit, on a link of the small tmpfs that nobody reads. */
    private void assertOfferFailsForRoom(int ringSize, int size, int count) throws Exception {
        Throwable failure = null;
        int sent = 0;
        try (PipeFixture pipes = ChronicleLinks.open("nio", small, runDir, Integer.MAX_VALUE, ringSize)) {
            PipeDriver[] ends = pipes.pair(false);
            try {
                for (; sent < count; sent++) {
                    ends[0].offer(new PipeMessage(1, 0, 0, sent, PipeMessage.bytes(sent, size)));
                }
            } catch (Throwable e) {
                failure = e;
            }
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        assertTrue(failure instanceof PipeChannel.BrokenChannelException,
                (long) size * count + " bytes do not fit in 1 MiB: " + failure);
        assertTrue(failure.getMessage().contains("file system full"), failure.getMessage());
        assertTrue(sent > 0, "what fitted was taken");
    }
}
