package io.jswoole.reactor.epoll;

import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.Poller;

/** A socket of this provider: a descriptor an {@link EpollPoller} can watch. */
abstract class EpollSocket implements Pollable {
    final FileDescriptor fd;

    EpollSocket(FileDescriptor fd) {
        this.fd = fd;
    }

    /**
     * Checks that the socket can wait for {@code interest}.
     *
     * @throws IllegalArgumentException if {@code interest} has bits other than READ and WRITE
     */
    void checkInterest(int interest) {
        if ((interest & ~(Poller.READ | Poller.WRITE)) != 0) {
            throw new IllegalArgumentException("interest must combine Poller.READ and Poller.WRITE, not " + interest);
        }
    }

    boolean isOpen() {
        return fd.isOpen();
    }
}
