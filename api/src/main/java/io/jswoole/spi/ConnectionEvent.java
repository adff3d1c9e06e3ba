package io.jswoole.spi;

/** What a {@link Factory} notifies a worker of about one connection (Swoole's notify events). */
public enum ConnectionEvent {
    /** The connection was accepted (and its PROXY header, if any, read): {@code onConnect}. */
    CONNECT,
    /** The client closed the connection or it failed: {@code onClose} with the reactor's id. */
    CLOSE,
    /** The server closed the connection: {@code onClose} with reactorId -1. */
    CLOSE_BY_SERVER,
    /** The client ended its side; nothing more will be read. */
    INPUT_ENDED,
    /** The output buffer passed its high water mark; reading from the client has paused. */
    BUFFER_FULL,
    /** The output buffer drained; reading from the client resumes. */
    BUFFER_EMPTY
}
