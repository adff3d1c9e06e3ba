package io.jswoole.reactor.epoll;

import io.jswoole.linux.Errno;
import io.jswoole.linux.Errors;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Moves bytes between {@link ByteBuffer}s and a non-blocking socket. A direct buffer is passed to
 * the kernel in place; a heap buffer goes through the calling thread's {@link IoScratch} buffer.
 * Would-block (EAGAIN) is "nothing done", never an exception. Writes use {@code send}/{@code
 * sendmsg} with {@code MSG_NOSIGNAL}, so a closed peer is an EPIPE error and never a SIGPIPE.
 */
final class BufferIo {
    /** Returned by {@link #read} at end of stream. */
    static final int EOF = -1;

    private BufferIo() {
    }

    /** Reads once into {@code dst}: the bytes read, 0 if none are ready, {@link #EOF} at end of stream. */
    static int read(int fd, ByteBuffer dst) throws IOException {
        checkWritable(dst);
        int pos = dst.position();
        int room = dst.limit() - pos;
        if (room == 0) {
            return 0;
        }
        IoScratch scratch = IoScratch.current();
        boolean direct = dst.isDirect();
        long address = direct ? scratch.addressOf(dst) + pos : scratch.bufferAddress;
        int asked = direct ? room : Math.min(room, IoScratch.BUFFER_SIZE);
        long n = Native.C.read(fd, address, asked);
        if (n > 0) {
            if (!direct) {
                dst.put(pos, scratch.buffer, 0, (int) n);
            }
            dst.position(pos + (int) n);
            return (int) n;
        }
        if (n == 0) {
            return EOF;
        }
        return wouldBlock("read");
    }

    /** Writes as much of {@code src} as the socket takes; returns the bytes written (possibly 0). */
    static int write(int fd, ByteBuffer src) throws IOException {
        int written = 0;
        while (src.hasRemaining()) {
            int pos = src.position();
            int remaining = src.limit() - pos;
            IoScratch scratch = IoScratch.current();
            long address;
            int asked;
            if (src.isDirect()) {
                address = scratch.addressOf(src) + pos;
                asked = remaining;
            } else {
                asked = Math.min(remaining, IoScratch.BUFFER_SIZE);
                scratch.buffer.put(0, src, pos, asked);
                address = scratch.bufferAddress;
            }
            long n = Native.C.send(fd, address, asked, Linux.MSG_NOSIGNAL);
            if (n < 0) {
                if (written > 0 && isWouldBlock(Errors.lastErrno())) {
                    break;
                }
                return written > 0 ? written : wouldBlock("send");
            }
            src.position(pos + (int) n);
            written += (int) n;
            if (n < asked) {
                break;
            }
        }
        return written;
    }

    /**
     * Gathering write: as many of the buffers as fit in one {@code sendmsg} (heap ones packed
     * together in the scratch buffer), repeated while the socket takes everything it is given.
     */
    static long write(int fd, ByteBuffer[] srcs, int offset, int length) throws IOException {
        long written = 0;
        int next = offset;
        int end = offset + length;
        IoScratch scratch = IoScratch.current();
        while (true) {
            while (next < end && !srcs[next].hasRemaining()) {
                next++;
            }
            if (next == end) {
                return written;
            }
            long asked = gather(scratch, srcs, next, end);
            long n;
            if (scratch.iovecs == 1) {
                n = Native.C.send(fd, scratch.iov.getLong(0), scratch.iov.getLong(8), Linux.MSG_NOSIGNAL);
            } else {
                ByteBuffer msg = scratch.msghdr;
                msg.putLong(Linux.MSGHDR_IOV, scratch.iovAddress);
                msg.putLong(Linux.MSGHDR_IOVLEN, scratch.iovecs);
                n = Native.C.sendmsg(fd, scratch.msghdrAddress, Linux.MSG_NOSIGNAL);
            }
            if (n < 0) {
                if (written > 0 && isWouldBlock(Errors.lastErrno())) {
                    return written;
                }
                return written > 0 ? written : wouldBlock("sendmsg");
            }
            written += n;
            next = consume(srcs, next, n);
            if (n < asked) {
                return written;
            }
        }
    }

    /** Fills the scratch iovecs (their count in {@link IoScratch#iovecs}); returns the bytes they cover. */
    private static long gather(IoScratch scratch, ByteBuffer[] srcs, int from, int end) {
        ByteBuffer iov = scratch.iov;
        int iovecs = 0;
        int packed = 0;
        long bytes = 0;
        boolean lastPacked = false;
        for (int i = from; i < end && iovecs < IoScratch.MAX_IOV; i++) {
            ByteBuffer b = srcs[i];
            int remaining = b.remaining();
            if (remaining == 0) {
                continue;
            }
            if (b.isDirect()) {
                putIovec(iov, iovecs++, scratch.addressOf(b) + b.position(), remaining);
                lastPacked = false;
            } else {
                int take = Math.min(remaining, IoScratch.BUFFER_SIZE - packed);
                if (take == 0) {
                    break;
                }
                scratch.buffer.put(packed, b, b.position(), take);
                if (lastPacked) {
                    int last = (iovecs - 1) * Linux.IOVEC_SIZE;
                    iov.putLong(last + 8, iov.getLong(last + 8) + take);
                } else {
                    putIovec(iov, iovecs++, scratch.bufferAddress + packed, take);
                }
                packed += take;
                lastPacked = true;
                if (take < remaining) {
                    bytes += take;
                    break;
                }
            }
            bytes += remaining;
        }
        scratch.iovecs = iovecs;
        return bytes;
    }

    private static void putIovec(ByteBuffer iov, int index, long address, long length) {
        iov.putLong(index * Linux.IOVEC_SIZE, address);
        iov.putLong(index * Linux.IOVEC_SIZE + 8, length);
    }

    /** Advances the buffers past {@code n} written bytes; returns the first one not finished. */
    private static int consume(ByteBuffer[] srcs, int from, long n) {
        int i = from;
        while (n > 0) {
            ByteBuffer b = srcs[i];
            int step = (int) Math.min(n, b.remaining());
            b.position(b.position() + step);
            n -= step;
            if (!b.hasRemaining()) {
                i++;
            }
        }
        return i;
    }

    /** The kernel writes into buffers by address: a read-only one must be refused here. */
    static void checkWritable(ByteBuffer dst) {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("read-only buffer");
        }
    }

    /** 0 for EAGAIN or EINTR (try again later); otherwise the call's error. */
    static int wouldBlock(String call) throws IOException {
        int errno = Errors.lastErrno();
        if (isWouldBlock(errno)) {
            return 0;
        }
        throw Errors.exception(call, errno);
    }

    static boolean isWouldBlock(int errno) {
        return errno == Errno.EAGAIN || errno == Errno.EINTR;
    }
}
