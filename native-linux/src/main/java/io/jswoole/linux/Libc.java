package io.jswoole.linux;

import io.jswoole.linux.libc.MessageQueueCalls;
import io.jswoole.linux.libc.SocketCalls;
import java.nio.ByteBuffer;
import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The C library bindings that modules call directly on their hot paths (the epoll reactor's
 * sockets, the System V queue), each loaded on first use with errno saved only by the functions
 * annotated to save it ({@link Errors#lastErrno()} reads it), beside the POSIX calls of
 * {@link Posix}. One binding per group of calls, one errno table ({@link Errors}).
 */
public final class Libc {
    private Libc() {
    }

    /** The epoll, eventfd and socket calls; loads them on first use. */
    public static SocketCalls sockets() {
        return Sockets.C;
    }

    /** The System V message queue calls; loads them on first use. */
    public static MessageQueueCalls messageQueues() {
        return MessageQueues.C;
    }

    /** The address of a direct buffer's first byte (index 0, whatever its position). */
    public static long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        return Pointer.wrap(Sockets.RUNTIME, direct).address() - direct.position();
    }

    /**
     * Binds the C library functions that interface {@code calls} declares (errno saved only by
     * those annotated to save it); each group of calls is bound once, on its first use.
     */
    static <T> T bind(Class<T> calls) {
        return LibraryLoader.create(calls).option(LibraryOption.IgnoreError, true).load("c");
    }

    private static final class Sockets {
        static final SocketCalls C = bind(SocketCalls.class);
        static final Runtime RUNTIME = Runtime.getRuntime(C);
    }

    private static final class MessageQueues {
        static final MessageQueueCalls C = bind(MessageQueueCalls.class);
    }
}
