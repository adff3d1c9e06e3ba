/**
 * jswoole's one libc binding: the POSIX calls the servers make ({@link io.jswoole.linux.Posix}),
 * the Linux calls of the reactor and the pipes, all JNI functions of one small native library
 * built with this module ({@link io.jswoole.linux.libc.NativeLibrary}); the user and group
 * database through jnr-posix; and the errno table that turns a failed call into an exception
 * ({@link io.jswoole.linux.Errors}), shared by every module that calls the C library.
 */
module io.jswoole.linux {
    requires io.jswoole.api;
    requires org.jnrproject.posix;
    requires org.jnrproject.constants;
    // jnr-posix binds its functions through jnr-ffi, which generates them with ASM; both are
    // automatic modules that declare nothing, so the module path resolves them only when required.
    requires org.jnrproject.ffi;
    requires org.objectweb.asm;

    exports io.jswoole.linux;
    // The raw calls, for the epoll reactor and the msgqueue pipe (not API; qualified exports
    // would name modules this one cannot see when it is compiled).
    exports io.jswoole.linux.libc;
}
