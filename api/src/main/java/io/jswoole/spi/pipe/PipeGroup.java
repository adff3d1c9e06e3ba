package io.jswoole.spi.pipe;

import java.io.Closeable;
import java.io.IOException;

/** The parent's side of a group of channels, one per child peer. */
public interface PipeGroup extends Closeable {

    /** The address a child passes to {@link PipeProvider#join}. */
    String address();

    /** The channel to peer {@code peerId}, waiting up to {@code timeoutMillis} for it to join. */
    PipeChannel channel(int peerId, long timeoutMillis) throws IOException;
}
