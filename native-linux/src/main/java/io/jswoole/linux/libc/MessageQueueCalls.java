package io.jswoole.linux.libc;

import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.intptr_t;
import jnr.ffi.types.size_t;
import jnr.ffi.types.ssize_t;

/**
 * The System V message queue calls (the {@code msgqueue} provider's), bound by jnr-ffi. Not API: it is
 * public, in an exported package, only because jnr-ffi generates its implementation in a class
 * loader of its own, which must be able to see it (also on the module path).
 *
 * <p>Pointers are raw addresses ({@code @intptr_t long}) into direct buffers the caller owns, so a
 * call allocates nothing. The library is loaded with errno saving off; the functions whose errno
 * the caller needs carry {@link SaveError}, read with {@code io.jswoole.linux.Errors#lastErrno()} right
 * after the call. {@code long} {@code msgtyp} is a 64-bit C {@code long}: only LP64 targets are
 * supported.
 */
public interface MessageQueueCalls {

    @SaveError
    int msgget(int key, int flags);

    /** {@code message} points at {@code {long mtype; char mtext[size]}}; {@code size} excludes mtype. */
    @SaveError
    int msgsnd(int msqid, @intptr_t long message, @size_t long size, int flags);

    /** Returns the number of mtext bytes received, or -1. */
    @SaveError
    @ssize_t
    long msgrcv(int msqid, @intptr_t long message, @size_t long size, long type, int flags);

    @SaveError
    int msgctl(int msqid, int command, @intptr_t long msqidDs);
}
