package io.jswoole.reactor.epoll;

import io.jswoole.spi.reactor.DatagramSocket;
import java.io.IOException;
import java.lang.ref.Reference;
import java.net.SocketAddress;
import java.nio.ByteBuffer;

/**
 * A bound, unconnected, non-blocking UDP or Unix datagram socket. As with the JDK's
 * DatagramChannel, a datagram longer than the receiving buffer's room is truncated. The sender of
 * the last datagram is remembered, so a peer sending many datagrams costs one address object.
 * Closing a Unix datagram socket removes its socket file.
 */
final class EpollDatagramSocket extends EpollSocket implements DatagramSocket {
    private final int family;
    private final SocketAddress local;
    private final UnixSocketFile socketFile;
    private final SenderCache senders = new SenderCache();

    EpollDatagramSocket(FileDescriptor fd, int family, SocketAddress local, UnixSocketFile socketFile) {
        super(fd);
        this.family = family;
        this.local = local;
        this.socketFile = socketFile;
    }

    @Override
    public SocketAddress receive(ByteBuffer dst) throws IOException {
        BufferIo.checkWritable(dst);
        int socket = fd.get();
        IoScratch scratch = IoScratch.current();
        int pos = dst.position();
        int room = dst.limit() - pos;
        long n;
        if (dst.isDirect()) {
            n = receiveOne(socket, scratch.addressOf(dst) + pos, room, scratch);
        } else {
            // A Unix datagram larger than the scratch buffer is rare: a one-off bounce buffer.
            ByteBuffer bounce = room <= IoScratch.BUFFER_SIZE ? scratch.buffer : ByteBuffer.allocateDirect(room);
            n = receiveOne(socket, bounce == scratch.buffer ? scratch.bufferAddress : Native.address(bounce), room,
                    scratch);
            if (n > 0) {
                dst.put(pos, bounce, 0, (int) n);
            }
        }
        if (n < 0) {
            BufferIo.wouldBlock("recvmsg");
            return null;
        }
        dst.position(pos + (int) n);
        return senders.decode(scratch.peer, scratch.datagramNameLength());
    }

    private static long receiveOne(int socket, long address, int room, IoScratch scratch) {
        scratch.prepareDatagram(address, room, scratch.peerAddress, Linux.SOCKADDR_STORAGE_SIZE);
        return Native.C.recvmsg(socket, scratch.datagramAddress, 0);
    }

    @Override
    public int send(ByteBuffer src, SocketAddress target) throws IOException {
        int socket = fd.get();
        IoScratch scratch = IoScratch.current();
        int addressLength = scratch.encodeTarget(target, family);
        int pos = src.position();
        int remaining = src.limit() - pos;
        long n;
        if (src.isDirect()) {
            n = sendOne(socket, scratch.addressOf(src) + pos, remaining, scratch, addressLength);
        } else if (remaining <= IoScratch.BUFFER_SIZE) {
            scratch.buffer.put(0, src, pos, remaining);
            n = sendOne(socket, scratch.bufferAddress, remaining, scratch, addressLength);
        } else {
            ByteBuffer bounce = ByteBuffer.allocateDirect(remaining).put(0, src, pos, remaining);
            try {
                n = sendOne(socket, Native.address(bounce), remaining, scratch, addressLength);
            } finally {
                Reference.reachabilityFence(bounce);
            }
        }
        if (n < 0) {
            return BufferIo.wouldBlock("sendmsg");
        }
        src.position(pos + (int) n);
        return (int) n;
    }

    private static long sendOne(int socket, long address, int count, IoScratch scratch, int addressLength) {
        scratch.prepareDatagram(address, count, scratch.targetAddress, addressLength);
        return Native.C.sendmsg(socket, scratch.datagramAddress, Linux.MSG_NOSIGNAL);
    }

    @Override
    public SocketAddress localAddress() throws IOException {
        fd.get();
        return local;
    }

    @Override
    public void close() throws IOException {
        if (fd.close() && socketFile != null) {
            socketFile.deleteIfUnchanged();
        }
    }

    @Override
    public String toString() {
        return "EpollDatagramSocket[" + fd + ", " + local + "]";
    }
}
