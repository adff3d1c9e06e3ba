package io.jswoole.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.reactor.OutOfDescriptorsException;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ErrorsTest {

    @Test
    void namesTheCallTheErrnoAndItsMessage() {
        IOException e = Errors.exception("read", Errno.ECONNRESET);
        NativeIoException n = assertInstanceOf(NativeIoException.class, e);
        assertEquals(Errno.ECONNRESET, n.errno());
        assertEquals("ECONNRESET", n.errnoName());
        assertEquals("read failed: ECONNRESET (Connection reset by peer)", e.getMessage());
    }

    @Test
    void refusedAndInUseAreTheJdksExceptions() {
        assertInstanceOf(ConnectException.class, Errors.exception("connect", Errno.ECONNREFUSED));
        IOException inUse = Errors.exception("bind", Errno.EADDRINUSE);
        assertInstanceOf(BindException.class, inUse);
        assertTrue(inUse.getMessage().startsWith("bind failed: EADDRINUSE"), inUse.getMessage());
    }

    @Test
    void runningOutOfDescriptorsIsItsOwnException() {
        IOException process = Errors.exception("accept4", Errno.EMFILE);
        assertInstanceOf(OutOfDescriptorsException.class, process);
        assertEquals("accept4 failed: EMFILE (Too many open files)", process.getMessage());
        assertInstanceOf(OutOfDescriptorsException.class, Errors.exception("accept4", Errno.ENFILE));
    }

    @Test
    void anUnlistedErrnoKeepsItsNumber() {
        assertEquals("errno 200", Errno.name(200));
        assertEquals("errno -1", Errno.name(-1));
        assertEquals("EPIPE", Errno.name(Errno.EPIPE));
    }

    @Test
    void namesTheErrnoValuesOfProcessesAndMessageQueues() {
        assertEquals("ESRCH", Errno.name(Errno.ESRCH));
        assertEquals("EPERM", Errno.name(Errno.EPERM));
        assertEquals("E2BIG", Errno.name(Errno.E2BIG));
        assertEquals("ENOMSG", Errno.name(Errno.ENOMSG));
        assertEquals("EIDRM", Errno.name(Errno.EIDRM));
        assertEquals("msgrcv failed: EIDRM (Identifier removed)", Errors.message("msgrcv", Errno.EIDRM));
    }

    @Test
    void theDescriptionIsTheCLibrarys() {
        for (int errno : new int[] {Errno.EPERM, Errno.ESRCH, Errno.EAGAIN, Errno.EMFILE, Errno.ECONNRESET, Errno.EIDRM}) {
            assertTrue(Errors.message("call", errno).endsWith("(" + Posix.strerror(errno) + ")"),
                    Errors.message("call", errno));
        }
        assertEquals("call failed: errno 200 (Unknown error 200)", Errors.message("call", 200));
    }
}
