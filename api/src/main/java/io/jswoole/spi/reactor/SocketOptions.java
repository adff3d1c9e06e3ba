package io.jswoole.spi.reactor;

import io.jswoole.settings.Keys;
import io.jswoole.settings.Setting;
import io.jswoole.settings.Settings;

/**
 * The socket options of one listening port, read from its settings. A provider applies every
 * option that was {@linkplain #isSet(Setting) set}; one it cannot apply must fail start-up with
 * the setting's key, never be ignored.
 */
public final class SocketOptions {
    private final Settings settings;

    private SocketOptions(Settings settings) {
        this.settings = settings;
    }

    /** The options of a port with these (merged) settings. */
    public static SocketOptions of(Settings settings) {
        return new SocketOptions(settings);
    }

    /** Whether the user set {@code setting} explicitly (so it must be applied or refused). */
    public boolean isSet(Setting<?> setting) {
        return settings.isSet(setting);
    }

    public int backlog() {
        return settings.get(Keys.BACKLOG);
    }

    public boolean tcpNoDelay() {
        return settings.get(Keys.OPEN_TCP_NODELAY);
    }

    public boolean reusePort() {
        return settings.get(Keys.ENABLE_REUSE_PORT);
    }

    public boolean keepAlive() {
        return settings.get(Keys.OPEN_TCP_KEEPALIVE);
    }

    public int keepIdleSeconds() {
        return settings.get(Keys.TCP_KEEPIDLE);
    }

    public int keepIntervalSeconds() {
        return settings.get(Keys.TCP_KEEPINTERVAL);
    }

    public int keepCount() {
        return settings.get(Keys.TCP_KEEPCOUNT);
    }

    /** TCP_DEFER_ACCEPT seconds; 0 off. */
    public int deferAcceptSeconds() {
        return settings.get(Keys.TCP_DEFER_ACCEPT);
    }

    public boolean fastOpen() {
        return settings.get(Keys.TCP_FASTOPEN);
    }

    /** TCP_USER_TIMEOUT milliseconds; 0 off. */
    public int userTimeoutMillis() {
        return settings.get(Keys.TCP_USER_TIMEOUT);
    }

    /** SO_RCVBUF; 0 keeps the kernel default. */
    public int receiveBufferSize() {
        return (int) Math.min(Integer.MAX_VALUE, settings.get(Keys.KERNEL_SOCKET_RECV_BUFFER_SIZE));
    }

    /** SO_SNDBUF; 0 keeps the kernel default. */
    public int sendBufferSize() {
        return (int) Math.min(Integer.MAX_VALUE, settings.get(Keys.KERNEL_SOCKET_SEND_BUFFER_SIZE));
    }
}
