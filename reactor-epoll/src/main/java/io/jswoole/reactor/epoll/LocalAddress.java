package io.jswoole.reactor.epoll;

import io.jswoole.linux.Errors;
import java.io.IOException;
import java.net.SocketAddress;

/** A socket's own address, from {@code getsockname}. */
final class LocalAddress {
    private LocalAddress() {
    }

    static SocketAddress of(int fd) throws IOException {
        IoScratch scratch = IoScratch.current();
        scratch.resetPeerLength();
        if (Native.C.getsockname(fd, scratch.peerAddress, scratch.peerLengthAddress) != 0) {
            throw Errors.lastError("getsockname");
        }
        return SockAddr.decode(scratch.peer, scratch.peerLength());
    }
}
