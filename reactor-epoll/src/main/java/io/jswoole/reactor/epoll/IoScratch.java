package io.jswoole.reactor.epoll;

import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * One thread's native memory for socket calls, allocated once and reused: a buffer that heap
 * {@link ByteBuffer}s are copied through, an iovec array and a msghdr for gathering writes, and
 * room for socket addresses. Also remembers the addresses of the last two direct buffers it was
 * asked about (an event loop reads into the same buffer every time).
 *
 * <p>Confined to its thread: {@link #current()} <b>MUST</b> be called on the thread that uses it.
 */
final class IoScratch {
    /** Heap buffers move through the socket at most this many bytes per system call. */
    static final int BUFFER_SIZE = 64 * 1024;
    /** The most buffers one gathering write takes. */
    static final int MAX_IOV = 256;

    private static final ThreadLocal<IoScratch> CURRENT = ThreadLocal.withInitial(IoScratch::new);

    final ByteBuffer buffer = direct(BUFFER_SIZE);
    final long bufferAddress = Native.address(buffer);
    final ByteBuffer iov = direct(MAX_IOV * Linux.IOVEC_SIZE);
    final long iovAddress = Native.address(iov);
    /** How many of {@link #iov}'s entries the last gather filled. */
    int iovecs;
    final ByteBuffer msghdr = direct(Linux.MSGHDR_SIZE);
    final long msghdrAddress = Native.address(msghdr);
    /** A msghdr for one datagram, followed by its single iovec. */
    final ByteBuffer datagram = direct(Linux.MSGHDR_SIZE + Linux.IOVEC_SIZE);
    final long datagramAddress = Native.address(datagram);
    /** A socket address filled in by the kernel (accept4, recvmsg, getsockname), then its length. */
    final ByteBuffer peer = direct(Linux.SOCKADDR_STORAGE_SIZE + 8);
    final long peerAddress = Native.address(peer);
    final long peerLengthAddress = peerAddress + Linux.SOCKADDR_STORAGE_SIZE;
    /** A socket address passed to the kernel (bind, connect, sendmsg). */
    final ByteBuffer target = direct(Linux.SOCKADDR_STORAGE_SIZE);
    final long targetAddress = Native.address(target);
    /** An int (or struct linger) option value, then its length. */
    final ByteBuffer option = direct(16);
    final long optionAddress = Native.address(option);
    final long optionLengthAddress = optionAddress + 8;

    private SocketAddress encodedTarget;
    private int encodedFamily;
    private int encodedLength;
    private ByteBuffer lastDirect;
    private long lastDirectAddress;
    private ByteBuffer previousDirect;
    private long previousDirectAddress;

    private IoScratch() {
        datagram.putLong(Linux.MSGHDR_IOV, datagramAddress + Linux.MSGHDR_SIZE);
        datagram.putLong(Linux.MSGHDR_IOVLEN, 1);
    }

    /**
     * Fills {@link #datagram} for one datagram of {@code length} bytes at {@code buffer}, with the
     * socket address at {@code name} ({@code nameLength} bytes, or room for that many).
     */
    void prepareDatagram(long buffer, int length, long name, int nameLength) {
        datagram.putLong(Linux.MSGHDR_NAME, name);
        datagram.putInt(Linux.MSGHDR_NAMELEN, nameLength);
        datagram.putLong(Linux.MSGHDR_SIZE, buffer);
        datagram.putLong(Linux.MSGHDR_SIZE + 8, length);
    }

    /** The sender's address length {@code recvmsg} left in {@link #datagram}. */
    int datagramNameLength() {
        return datagram.getInt(Linux.MSGHDR_NAMELEN);
    }

    static IoScratch current() {
        return CURRENT.get();
    }

    /**
     * The address of {@code direct}'s index 0. The last two buffers asked about are remembered: a
     * loop reads into one buffer and writes replies from one view of it.
     */
    long addressOf(ByteBuffer direct) {
        if (direct == lastDirect) {
            return lastDirectAddress;
        }
        ByteBuffer b = previousDirect;
        long address = b == direct ? previousDirectAddress : Native.address(direct);
        previousDirect = lastDirect;
        previousDirectAddress = lastDirectAddress;
        lastDirect = direct;
        lastDirectAddress = address;
        return address;
    }

    /**
     * Writes {@code address} into {@link #target} for a socket of {@code family}; returns its length.
     * Sending many datagrams to the same address object encodes it once.
     */
    int encodeTarget(SocketAddress address, int family) throws SocketException {
        if (address != encodedTarget || family != encodedFamily) {
            encodedTarget = null;
            encodedLength = SockAddr.encode(address, family, target);
            encodedFamily = family;
            encodedTarget = address;
        }
        return encodedLength;
    }

    /** Sets the socket address length the kernel may fill, before accept4 or getsockname. */
    void resetPeerLength() {
        peer.putInt(Linux.SOCKADDR_STORAGE_SIZE, Linux.SOCKADDR_STORAGE_SIZE);
    }

    int peerLength() {
        return peer.getInt(Linux.SOCKADDR_STORAGE_SIZE);
    }

    private static ByteBuffer direct(int size) {
        return ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder());
    }
}
