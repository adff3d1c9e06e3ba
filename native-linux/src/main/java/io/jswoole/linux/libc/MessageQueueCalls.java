package io.jswoole.linux.libc;

/**
 * The System V message queue calls (the {@code msgqueue} provider's). Not API.
 *
 * <p>Pointers are raw addresses ({@code long}) into direct buffers the caller owns, so a call
 * allocates nothing. Errno as in {@link SocketCalls}. {@code long} {@code msgtyp} is a 64-bit C
 * {@code long}: only LP64 targets are supported.
 */
public final class MessageQueueCalls {
    MessageQueueCalls() { // made once, by NativeLibrary, after the library is loaded
    }

    public native int msgget(int key, int flags);

    /** {@code message} points at {@code {long mtype; char mtext[size]}}; {@code size} excludes mtype. */
    public native int msgsnd(int msqid, long message, long size, int flags);

    /** Returns the number of mtext bytes received, or -1. */
    public native long msgrcv(int msqid, long message, long size, long type, int flags);

    public native int msgctl(int msqid, int command, long msqidDs);
}
