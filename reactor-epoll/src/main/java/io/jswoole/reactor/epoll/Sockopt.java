package io.jswoole.reactor.epoll;

import io.jswoole.linux.Errors;
import java.io.IOException;

/** {@code setsockopt}/{@code getsockopt} for int-valued options, and SO_LINGER. */
final class Sockopt {
    private Sockopt() {
    }

    /** Sets an int option; returns 0, or the errno when it failed. */
    static int trySet(int fd, int level, int name, int value) {
        IoScratch scratch = IoScratch.current();
        scratch.option.putInt(0, value);
        return Native.C.setsockopt(fd, level, name, scratch.optionAddress, 4) == 0 ? 0 : Errors.lastErrno();
    }

    static void set(int fd, int level, int name, int value, String what) throws IOException {
        int errno = trySet(fd, level, name, value);
        if (errno != 0) {
            throw Errors.exception("setsockopt(" + what + ")", errno);
        }
    }

    static int get(int fd, int level, int name, String what) throws IOException {
        IoScratch scratch = IoScratch.current();
        scratch.option.putInt(0, 0);
        scratch.option.putInt(8, 4);
        if (Native.C.getsockopt(fd, level, name, scratch.optionAddress, scratch.optionLengthAddress) != 0) {
            throw Errors.lastError("getsockopt(" + what + ")");
        }
        return scratch.option.getInt(0);
    }

    /** SO_LINGER on with a zero timeout: close then resets the connection. Returns the errno or 0. */
    static int lingerZero(int fd) {
        IoScratch scratch = IoScratch.current();
        scratch.option.putInt(0, 1).putInt(4, 0);
        return Native.C.setsockopt(fd, Linux.SOL_SOCKET, Linux.SO_LINGER, scratch.optionAddress, 8) == 0
                ? 0 : Errors.lastErrno();
    }
}
