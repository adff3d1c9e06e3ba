package io.jswoole.example.ipc.loopback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.ServiceLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LoopbackPipeProviderTest {
    private final Transport transport = Providers.select(ReactorProvider.class, "reactor", "nio").transport();

    @TempDir
    Path runDir;

    @Test
    @Timeout(60)
    void serviceLoaderFindsItByName() {
        assertTrue(ServiceLoader.load(PipeProvider.class).stream().anyMatch(p -> p.type() == LoopbackPipeProvider.class));
        PipeProvider p = Providers.select(PipeProvider.class, "task_ipc_mode", "loopback");
        assertInstanceOf(LoopbackPipeProvider.class, p);
        assertEquals("loopback", p.name());
        assertEquals(1, p.priority(), "never chosen over unixsock by default");
        assertTrue(p.availability().isAvailable(), p.availability().toString());
    }

    @Test
    @Timeout(60)
    void theListenerWritesAPrivateSecretAndNamesItInItsAddress() throws IOException {
        Path secret = runDir.resolve("task-0.secret").toAbsolutePath();
        PipeListener listener = new LoopbackPipeProvider().listen(runDir, "task-0", transport);
        try {
            String[] parts = listener.address().split(":", 3);
            assertEquals("127.0.0.1", parts[0]);
            assertTrue(Integer.parseInt(parts[1]) > 0);
            assertEquals(secret.toString(), parts[2]);
            assertEquals(LoopbackPipeProvider.SECRET_SIZE, Files.size(secret));
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(secret));
            assertNull(listener.accept(), "nobody is connecting");
            try (PipeListener other = new LoopbackPipeProvider().listen(runDir, "task-1", transport)) {
                assertNotEquals(Files.readString(secret, java.nio.charset.StandardCharsets.ISO_8859_1),
                        Files.readString(runDir.resolve("task-1.secret"), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        } finally {
            listener.close();
        }
        assertFalse(Files.exists(secret), "closing the listener deletes the secret");
    }

    @Test
    @Timeout(60)
    void refusesANameThatIsNotAPlainFileName() {
        LoopbackPipeProvider p = new LoopbackPipeProvider();
        for (String bad : new String[] {"", "a/b", "..", "."}) {
            assertThrows(IllegalArgumentException.class, () -> p.listen(runDir, bad, transport).close(), bad);
        }
    }

    @Test
    @Timeout(60)
    void connectRefusesAnAddressItCannotUse() throws IOException {
        LoopbackPipeProvider p = new LoopbackPipeProvider();
        for (String bad : new String[] {"", "127.0.0.1", "127.0.0.1:x:/f", "10.0.0.1:80:/f", "127.0.0.1:0:/f"}) {
            assertThrows(IllegalArgumentException.class, () -> p.connect(bad, transport).close(), bad);
        }
        assertThrows(IOException.class,
                () -> p.connect("127.0.0.1:9:" + runDir.resolve("absent.secret"), transport).close());
        Path shortSecret = Files.write(runDir.resolve("short.secret"), new byte[5]);
        IOException e = assertThrows(IOException.class, () -> p.connect("127.0.0.1:9:" + shortSecret, transport).close());
        assertTrue(e.getMessage().contains("5 bytes"), e.getMessage());
    }
}
