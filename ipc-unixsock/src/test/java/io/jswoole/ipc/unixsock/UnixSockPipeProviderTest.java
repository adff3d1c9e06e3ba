package io.jswoole.ipc.unixsock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.Providers;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Transport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class UnixSockPipeProviderTest {
    private final Transport transport = Providers.select(ReactorProvider.class, "reactor", "nio").transport();

    @TempDir
    Path runDir;

    @Test
    void isFoundByItsName() {
        PipeProvider p = Providers.select(PipeProvider.class, "task_ipc_mode", "unixsock");
        assertInstanceOf(UnixSockPipeProvider.class, p);
        assertEquals("unixsock", p.name());
        assertEquals(20, p.priority());
        assertTrue(p.availability().isAvailable(), p.availability().toString());
        assertSame(p.availability(), new UnixSockPipeProvider().availability(), "probed once");
    }

    @Test
    void theSocketFileIsPrivateAndRemovedOnClose() throws IOException {
        PipeListener listener = new UnixSockPipeProvider().listen(runDir, "worker-0", transport);
        Path path = runDir.resolve("worker-0.sock");
        try {
            assertEquals(path.toString(), listener.address());
            assertTrue(Files.exists(path));
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(path));
            assertNull(listener.accept(), "nobody is connecting");
        } finally {
            listener.close();
        }
        assertFalse(Files.exists(path), "closing the listener removes the socket file");
    }

    @Test
    void refusesANameThatIsNotAPlainFileName() {
        UnixSockPipeProvider p = new UnixSockPipeProvider();
        for (String bad : new String[] {"", "a/b", "..", "."}) {
            assertThrows(IllegalArgumentException.class, () -> p.listen(runDir, bad, transport).close(), bad);
        }
    }

    @Test
    void connectingToNothingFails() {
        assertThrows(IOException.class,
                () -> new UnixSockPipeProvider().connect(runDir.resolve("absent.sock").toString(), transport).close());
    }
}
