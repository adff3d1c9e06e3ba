package io.jswoole.reactor.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.linux.NativeIoException;
import io.jswoole.spi.reactor.DatagramSocket;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.StreamSocket;
import io.jswoole.spi.reactor.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Taking over sockets bound elsewhere, by descriptor, as systemd passes them. */
@Timeout(60)
class AdoptTest {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress("127.0.0.1", 0);
    private final Transport transport = Loopback.REACTOR.transport();

    @Test
    void aListeningSocketAccepts() throws Exception {
        int fd = rawSocket(Linux.SOCK_STREAM);
        assertEquals(0, Native.C.listen(fd, 16));
        try (ListenSocket adopted = assertInstanceOf(ListenSocket.class, transport.adopt(fd))) {
            InetSocketAddress local = (InetSocketAddress) adopted.localAddress();
            assertEquals(LOOPBACK.getAddress(), local.getAddress());
            assertNull(adopted.accept(), "non-blocking: nothing to accept yet");
            try (Socket client = new Socket(local.getAddress(), local.getPort());
                 StreamSocket accepted = Loopback.acceptOne(adopted)) {
                assertNotNull(accepted);
            }
        }
    }

    @Test
    void aDatagramSocketIsADatagramSocket() throws Exception {
        try (DatagramSocket adopted = assertInstanceOf(DatagramSocket.class, transport.adopt(rawSocket(Linux.SOCK_DGRAM)))) {
            assertTrue(((InetSocketAddress) adopted.localAddress()).getPort() > 0);
        }
    }

    @Test
    void aStreamSocketThatDoesNotListenOrNoSocketAtAllIsRefused() throws Exception {
        int fd = rawSocket(Linux.SOCK_STREAM);
        try {
            IOException e = assertThrows(IOException.class, () -> transport.adopt(fd));
            assertTrue(e.getMessage().contains("does not listen"), e.getMessage());
        } finally {
            Native.C.close(fd);
        }
        int eventfd = Native.C.eventfd(0, Linux.EFD_CLOEXEC);
        try {
            NativeIoException e = assertThrows(NativeIoException.class, () -> transport.adopt(eventfd));
            assertEquals("ENOTSOCK", e.errnoName());
        } finally {
            Native.C.close(eventfd);
        }
    }

    /** A blocking socket bound to 127.0.0.1 on a free port, as another process would pass it. */
    private static int rawSocket(int type) throws IOException {
        int fd = Native.C.socket(Linux.AF_INET, type, 0);
        assertTrue(fd >= 0);
        IoScratch scratch = IoScratch.current();
        int length = scratch.encodeTarget(LOOPBACK, Linux.AF_INET);
        assertEquals(0, Native.C.bind(fd, scratch.targetAddress, length));
        return fd;
    }
}
