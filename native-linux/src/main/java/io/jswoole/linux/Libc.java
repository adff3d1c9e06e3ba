package io.jswoole.linux;

import io.jswoole.linux.libc.MessageQueueCalls;
import io.jswoole.linux.libc.NativeLibrary;
import io.jswoole.linux.libc.SocketCalls;
import java.nio.ByteBuffer;

/**
 * The C library calls that modules make directly on their hot paths (the epoll reactor's sockets,
 * the System V queue), beside the POSIX calls of {@link Posix}: all are JNI functions of jswoole's
 * native library ({@link NativeLibrary}), loaded on first use; {@link Errors#lastErrno()} reads
 * the errno a failed call left.
 */
public final class Libc {
    private Libc() {
    }

    /** The epoll, eventfd and socket calls; loads the library on first use. */
    public static SocketCalls sockets() {
        return NativeLibrary.sockets();
    }

    /** The System V message queue calls; loads the library on first use. */
    public static MessageQueueCalls messageQueues() {
        return NativeLibrary.messageQueues();
    }

    /** The address of a direct buffer's first byte (index 0, whatever its position). */
    public static long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        return NativeLibrary.address(direct);
    }
}
