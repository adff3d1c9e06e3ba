package io.jswoole.bench.load;

import java.util.Locale;

/** Why a connection failed; each is counted, and the connection is opened again after 100 ms. */
public enum ErrorKind {
    /** Connecting failed or was refused. */
    CONNECT,
    /** A read failed, typically a reset. */
    RESET,
    /** The server closed the connection. */
    EOF,
    /** A write failed. */
    WRITE,
    /** The echoed bytes differ from those sent. */
    MISMATCH,
    /** More bytes came back than were sent. */
    PROTOCOL,
    /** Connecting took longer than the connect timeout. */
    CONNECT_TIMEOUT;

    /** The name used in reports, e.g. {@code connect-timeout}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
