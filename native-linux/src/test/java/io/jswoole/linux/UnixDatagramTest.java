package io.jswoole.linux;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class UnixDatagramTest {

    @Test
    void sendsToABoundPath(@TempDir Path dir) throws IOException {
        String path = dir.resolve("notify").toString();
        try (UnixDatagram listener = UnixDatagram.bind(path);
             UnixDatagram sender = UnixDatagram.connect(path)) {
            sender.send("READY=1".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals("READY=1".getBytes(StandardCharsets.US_ASCII), listener.receive(Duration.ofSeconds(10)));
            assertNull(listener.receive(Duration.ofMillis(50)), "nothing more was sent");
        }
    }

    @Test
    void aMissingPathOrAFileThatIsNoSocketFailsAtConnect(@TempDir Path dir) throws IOException {
        NativeIoException missing = assertThrows(NativeIoException.class,
                () -> UnixDatagram.connect(dir.resolve("none").toString()));
        assertEquals(Errno.ENOENT, missing.errno());
        Path file = Files.writeString(dir.resolve("plain"), "x");
        IOException notSocket = assertThrows(IOException.class, () -> UnixDatagram.connect(file.toString()));
        assertTrue(notSocket.getMessage().contains("ECONNREFUSED"), notSocket.getMessage());
    }

    @Test
    void sendsToAnAbstractName() throws IOException {
        String name = "@jswoole-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (UnixDatagram listener = UnixDatagram.bind(name);
             UnixDatagram sender = UnixDatagram.connect(name)) {
            sender.send("STOPPING=1".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals("STOPPING=1".getBytes(StandardCharsets.US_ASCII), listener.receive(Duration.ofSeconds(10)));
        }
    }

    @Test
    void anAbstractNameWithNoListenerIsRefused() {
        IOException e = assertThrows(IOException.class,
                () -> UnixDatagram.connect("@jswoole-test-none-" + ProcessHandle.current().pid()));
        assertTrue(e.getMessage().contains("ECONNREFUSED"), e.getMessage());
    }
}
