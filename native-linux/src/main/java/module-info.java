/**
 * jswoole's one libc binding: the POSIX calls the servers make ({@link io.jswoole.linux.Posix}),
 * the Linux calls of the reactor and the pipes, the user and group database through jnr-posix,
 * and the errno table that turns a failed call into an exception
 * ({@link io.jswoole.linux.Errors}), shared by every module that calls the C library.
 */
module io.jswoole.linux {
    requires io.jswoole.api;
    requires org.jnrproject.posix;
    requires org.jnrproject.ffi;
    requires org.jnrproject.constants;
    // jnr-ffi is an automatic module and declares nothing; it generates its bindings with ASM,
    // which the module path resolves only when some module requires it.
    requires org.objectweb.asm;

    exports io.jswoole.linux;
    // jnr-ffi implements the binding in a class loader of its own, which must see the interface.
    exports io.jswoole.linux.libc;
}
