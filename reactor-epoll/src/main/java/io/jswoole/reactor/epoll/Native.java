package io.jswoole.reactor.epoll;

import io.jswoole.reactor.epoll.libc.LibC;
import java.nio.ByteBuffer;
import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * The loaded C library. Loading happens when this class is first used; {@link Epoll} does that
 * once, inside its probe, so that a failure becomes the provider's unavailability cause instead
 * of an error at some later call.
 */
final class Native {
    /** libc, with errno saved only by the functions annotated to save it. */
    static final LibC C = LibraryLoader.create(LibC.class).option(LibraryOption.IgnoreError, true).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(C);

    private Native() {
    }

    /** The address of a direct buffer's first byte (index 0, whatever its position). */
    static long address(ByteBuffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer");
        }
        return Pointer.wrap(RUNTIME, direct).address() - direct.position();
    }
}
