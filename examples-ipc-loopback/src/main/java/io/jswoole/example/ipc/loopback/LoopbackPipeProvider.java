package io.jswoole.example.ipc.loopback;

import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.spi.Availability;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.SocketOptions;
import io.jswoole.spi.reactor.StreamSocket;
import io.jswoole.spi.reactor.Transport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code loopback} Pipe provider, an example of a custom IPC for task workers
 * ({@code task_ipc_mode=loopback}): messages over TCP on 127.0.0.1, for containers or file
 * systems where Unix sockets are not wanted.
 *
 * <p>Every local user can reach a port on 127.0.0.1, so each listener has a secret: 32 random
 * bytes in {@code <name>.secret} (mode 0600) in the server's private run directory (mode 0700).
 * Its {@linkplain PipeListener#address() address} is {@code 127.0.0.1:<port>:<secret file>};
 * {@link #connect} reads the file and sends the secret as the connection's first 32 bytes, and the
 * listener admits only connections that do.
 *
 * <p>The sockets come from the event loop's own {@link Transport}, so the channels are polled in
 * the same loop as client sockets, by the nio and the epoll reactor alike. Accepted connections
 * get TCP_NODELAY through the listener's {@link SocketOptions}; {@link Transport#connect} takes no
 * options, so the connecting side keeps the system's default. Framing and back-pressure are
 * described on {@link LoopbackChannel}: up to 4 MiB are queued per channel before an offer is
 * refused, and a payload may be up to 1 GiB.
 *
 * <p>Priority 1: never chosen unless named.
 */
public final class LoopbackPipeProvider implements PipeProvider {
    /** The name {@code task_ipc_mode} selects this provider by. */
    public static final String NAME = "loopback";
    /** Bytes in a listener's secret. */
    public static final int SECRET_SIZE = 32;

    /** The only address this provider listens on and connects to. */
    static final String HOST = "127.0.0.1";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final long secretTimeoutMillis;

    /** Does no work; availability is probed on first demand. */
    public LoopbackPipeProvider() {
        this(LoopbackListener.SECRET_TIMEOUT_MILLIS);
    }

    /** For tests: a listener closes a connection that has not sent its secret after this long. */
    LoopbackPipeProvider(long secretTimeoutMillis) {
        this.secretTimeoutMillis = secretTimeoutMillis;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 1;
    }

    @Override
    public Availability availability() {
        return Probe.RESULT;
    }

    /**
     * {@inheritDoc}
     *
     * @param name a plain file name; the secret is written to {@code runDir/<name>.secret}
     */
    @Override
    public PipeListener listen(Path runDir, String name, Transport transport) throws IOException {
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(transport, "transport");
        PipeProvider.requirePlainName(name);
        Path secretFile = runDir.resolve(name + ".secret").toAbsolutePath();
        byte[] secret = new byte[SECRET_SIZE];
        RANDOM.nextBytes(secret);
        writePrivately(secretFile, secret);
        SocketOptions options = SocketOptions.of(Settings.builder().set(Keys.OPEN_TCP_NODELAY, true).build());
        ListenSocket socket = null;
        try {
            socket = transport.listen(new InetSocketAddress(loopback(), 0), options);
            int port = ((InetSocketAddress) socket.localAddress()).getPort();
            return new LoopbackListener(socket, port, secretFile, secret, secretTimeoutMillis);
        } catch (IOException | RuntimeException e) {
            if (socket != null) {
                closeAfter(e, socket);
            }
            try {
                Files.deleteIfExists(secretFile);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * {@inheritDoc}
     *
     * @param address {@code 127.0.0.1:<port>:<secret file>}, as the listener gave it
     * @throws IOException if the secret file cannot be read or the listener is not there
     */
    @Override
    public PipeChannel connect(String address, Transport transport) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(transport, "transport");
        String[] parts = address.split(":", 3); // the file's path may itself contain ':'
        int port;
        try {
            port = parts.length == 3 && parts[0].equals(HOST) ? Integer.parseInt(parts[1]) : -1;
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("not a loopback pipe address (127.0.0.1:<port>:<secret file>): " + address);
        }
        byte[] secret = Files.readAllBytes(Path.of(parts[2]));
        if (secret.length != SECRET_SIZE) {
            throw new IOException("the secret file " + parts[2] + " holds " + secret.length + " bytes, not " + SECRET_SIZE);
        }
        StreamSocket socket = transport.connect(new InetSocketAddress(loopback(), port));
        try {
            // An empty send buffer always takes 32 bytes: the secret goes out whole, before any message.
            ByteBuffer hello = ByteBuffer.wrap(secret);
            socket.write(hello);
            if (hello.hasRemaining()) {
                throw new IOException("could not send the secret to " + address);
            }
            return new LoopbackChannel(socket);
        } catch (IOException | RuntimeException e) {
            closeAfter(e, socket);
            throw e;
        }
    }

    /** Creates {@code file} with mode 0600 (where the file system has modes) and writes {@code bytes}. */
    private static void writePrivately(Path file, byte[] bytes) throws IOException {
        Files.deleteIfExists(file); // left by an earlier server that died
        FileAttribute<?>[] ownerOnly = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0]; // elsewhere the private run directory is the guard
        try (ByteChannel out = Files.newByteChannel(file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly)) {
            ByteBuffer data = ByteBuffer.wrap(bytes);
            while (data.hasRemaining()) {
                out.write(data);
            }
        }
    }

    private static InetAddress loopback() throws IOException {
        return InetAddress.getByAddress(HOST, new byte[] {127, 0, 0, 1});
    }

    private static void closeAfter(Exception failure, AutoCloseable socket) {
        try {
            socket.close();
        } catch (Exception e) {
            failure.addSuppressed(e);
        }
    }

    /** Whether TCP on 127.0.0.1 works here; probed once. */
    private static final class Probe {
        static final Availability RESULT = probe();

        private static Availability probe() {
            try (ServerSocketChannel s = ServerSocketChannel.open()) {
                s.bind(new InetSocketAddress(loopback(), 0));
                return Availability.available();
            } catch (IOException | RuntimeException e) {
                return Availability.unavailable("cannot listen on TCP 127.0.0.1", e);
            }
        }
    }
}
