package io.jswoole.spi.pipe;

import io.jswoole.spi.reactor.Pollable;
import java.io.Closeable;
import java.io.IOException;

/** The parent's side of a pipe: accepts one channel per connecting child. */
public interface PipeListener extends Closeable {

    /** What a child passes to {@link PipeProvider#connect}. */
    String address();

    /** Ready for {@link io.jswoole.spi.reactor.Poller#READ} when a child is connecting. */
    Pollable pollable();

    /** Accepts one waiting child's channel, or returns {@code null} when none waits. Non-blocking. */
    PipeChannel accept() throws IOException;

    /** Stops listening and removes the address (a socket file); accepted channels stay open. */
    @Override
    void close() throws IOException;
}
