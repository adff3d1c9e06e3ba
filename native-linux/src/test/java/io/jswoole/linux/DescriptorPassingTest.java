package io.jswoole.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class DescriptorPassingTest {
    private static final POSIX POSIX = POSIXFactory.getNativePOSIX();

    @Test
    void everyClientGetsTheSameOpenFilesWithTheMessage(@TempDir Path dir) throws IOException {
        int[] first = pipe();
        int[] second = pipe();
        Path path = dir.resolve("fds.sock");
        try (DescriptorPassing.Server server = DescriptorPassing.serve(path, new int[] {first[1], second[1]},
                "0,1".getBytes(StandardCharsets.US_ASCII))) {
            for (int client = 0; client < 3; client++) {
                DescriptorPassing.Received got = DescriptorPassing.receive(path, Duration.ofSeconds(10));
                assertEquals("0,1", new String(got.message(), StandardCharsets.US_ASCII));
                assertEquals(2, got.descriptors().length);
                assertNotEquals(first[1], got.descriptors()[0], "a new descriptor of this process");
                // Writing through the received descriptors reaches the readers of the originals.
                write(got.descriptors()[0], "a" + client);
                write(got.descriptors()[1], "b" + client);
                assertEquals("a" + client, read(first[0], 2));
                assertEquals("b" + client, read(second[0], 2));
                DescriptorPassing.closeAll(got.descriptors());
            }
            assertTrue(Files.exists(path));
        } finally {
            for (int fd : new int[] {first[0], first[1], second[0], second[1]}) {
                POSIX.close(fd);
            }
        }
        assertFalse(Files.exists(path), "closing the server removes its socket file");
    }

    @Test
    void nothingListeningFailsAtOnceAndWrongCountsAreRefused(@TempDir Path dir) {
        IOException missing = assertThrows(IOException.class,
                () -> DescriptorPassing.receive(dir.resolve("none.sock"), Duration.ofSeconds(10)));
        assertTrue(missing.getMessage().contains("ENOENT"), missing.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> DescriptorPassing.serve(dir.resolve("a.sock"), new int[0], new byte[] {1}));
        assertThrows(IllegalArgumentException.class, () -> DescriptorPassing.serve(dir.resolve("b.sock"),
                new int[DescriptorPassing.MAX_DESCRIPTORS + 1], new byte[] {1}));
        assertThrows(IllegalArgumentException.class,
                () -> DescriptorPassing.serve(dir.resolve("c.sock"), new int[] {0}, new byte[0]));
    }

    private static int[] pipe() {
        int[] fds = new int[2];
        assertEquals(0, POSIX.pipe(fds));
        return fds;
    }

    private static void write(int fd, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
        assertEquals(bytes.length, POSIX.write(fd, bytes, bytes.length));
    }

    private static String read(int fd, int length) {
        byte[] bytes = new byte[length];
        assertEquals(length, POSIX.read(fd, bytes, length));
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    @Test
    void theMessageArrivesWhole(@TempDir Path dir) throws IOException {
        int[] p = pipe();
        byte[] message = new byte[DescriptorPassing.MAX_MESSAGE];
        for (int i = 0; i < message.length; i++) {
            message[i] = (byte) i;
        }
        try (DescriptorPassing.Server server = DescriptorPassing.serve(dir.resolve("m.sock"), new int[] {p[0]}, message)) {
            DescriptorPassing.Received got = DescriptorPassing.receive(server.path(), Duration.ofSeconds(10));
            assertArrayEquals(message, got.message());
            DescriptorPassing.closeAll(got.descriptors());
        } finally {
            POSIX.close(p[0]);
            POSIX.close(p[1]);
        }
    }
}
