package io.jswoole.reactor.nio;

import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.Poller;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/** A socket of this provider: the channel a {@link NioPoller} registers, and its interest mapping. */
interface NioPollable extends Pollable {

    /** The channel to register; already in non-blocking mode. */
    SelectableChannel channel();

    /**
     * The {@link SelectionKey} ops for a combination of {@link Poller#READ} and {@link Poller#WRITE}.
     *
     * @throws IllegalArgumentException if {@code pollerOps} has other bits or ops the socket cannot wait for
     */
    default int selectionOps(int pollerOps) {
        checkOps(pollerOps);
        return ((pollerOps & Poller.READ) != 0 ? SelectionKey.OP_READ : 0)
                | ((pollerOps & Poller.WRITE) != 0 ? SelectionKey.OP_WRITE : 0);
    }

    static void checkOps(int pollerOps) {
        if ((pollerOps & ~(Poller.READ | Poller.WRITE)) != 0) {
            throw new IllegalArgumentException("interest must combine Poller.READ and Poller.WRITE, not " + pollerOps);
        }
    }

    /** The {@link Poller} ops for a key's ready {@link SelectionKey} ops. */
    static int pollerOps(int readyOps) {
        return ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0 ? Poller.READ : 0)
                | ((readyOps & SelectionKey.OP_WRITE) != 0 ? Poller.WRITE : 0);
    }
}
