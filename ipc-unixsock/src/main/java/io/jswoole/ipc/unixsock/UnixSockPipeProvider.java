package io.jswoole.ipc.unixsock;

import io.jswoole.settings.Settings;
import io.jswoole.spi.Availability;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.SocketOptions;
import io.jswoole.spi.reactor.Transport;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Objects;

/**
 * The {@code unixsock} Pipe provider ({@code task_ipc_mode=1}, and always between the master and
 * the workers of process mode): one Unix stream socket per child, listening as
 * {@code <name>.sock} in the server's private run directory.
 *
 * <p>The sockets come from the event loop's own {@link Transport}, not from jnr-unixsocket: jnr
 * channels cannot join a JDK {@code Selector}, whereas the Transport's sockets are polled in the
 * same event loop as client sockets by both the nio and the epoll reactor, with no helper thread
 * per pipe. A stream socket (unlike Swoole's datagram socketpairs) reports the peer's death as end
 * of stream at once, and lets many messages share one write.
 *
 * <p>Wire format, per message: payload length (int32), type (uint8), flags (uint8), reactor id
 * (uint16), session (int32), all big-endian, then the payload. Up to 4 MiB are queued per channel
 * before {@link PipeChannel#offer} pushes back (more than 4 MiB queued: refused); a payload
 * may be up to 1 GiB.
 *
 * <p>Access: the run directory is mode 0700 and the socket file is made 0600, so only the
 * server's user can connect (with the {@code user} setting, 2770 and 0660: the server's group).
 */
public final class UnixSockPipeProvider implements PipeProvider {
    /** The name {@code task_ipc_mode} selects this provider by. */
    public static final String NAME = "unixsock";

    private static final EnumSet<PosixFilePermission> OWNER_ONLY =
            EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final EnumSet<PosixFilePermission> OWNER_AND_GROUP = EnumSet.of(PosixFilePermission.OWNER_READ,
            PosixFilePermission.OWNER_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE);

    /** Does no work; availability is probed on first demand. */
    public UnixSockPipeProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 20;
    }

    @Override
    public Availability availability() {
        return Probe.RESULT;
    }

    /**
     * {@inheritDoc}
     *
     * @param name a plain file name (no separator); the socket is {@code runDir/<name>.sock}
     */
    @Override
    public PipeListener listen(Path runDir, String name, Transport transport) throws IOException {
        Objects.requireNonNull(runDir, "runDir");
        Objects.requireNonNull(transport, "transport");
        PipeProvider.requirePlainName(name);
        Path path = runDir.resolve(name + ".sock");
        ListenSocket socket = transport.listen(UnixDomainSocketAddress.of(path), SocketOptions.of(Settings.empty()));
        try {
            restrictToOwner(path);
        } catch (IOException | RuntimeException e) {
            try {
                socket.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return new UnixSockListener(socket, path);
    }

    @Override
    public PipeChannel connect(String address, Transport transport) throws IOException {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(transport, "transport");
        return new UnixSockChannel(transport.connect(UnixDomainSocketAddress.of(address)));
    }

    /**
     * chmod 0600, or 0660 in a run directory shared with a group (its set-group-id bit is set:
     * the workers run as another user, see the {@code user} setting); the private run directory
     * already guards the file where POSIX modes do not exist.
     */
    private static void restrictToOwner(Path path) throws IOException {
        try {
            int dirMode = (int) Files.getAttribute(path.toAbsolutePath().getParent(), "unix:mode");
            Files.setPosixFilePermissions(path, (dirMode & 02000) != 0 ? OWNER_AND_GROUP : OWNER_ONLY);
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system (Windows): the directory's ACL is the guard
        }
    }

    /** Whether this JDK and OS open Unix domain sockets; probed once. */
    private static final class Probe {
        static final Availability RESULT = probe();

        private static Availability probe() {
            try {
                ServerSocketChannel.open(StandardProtocolFamily.UNIX).close();
                return Availability.available();
            } catch (UnsupportedOperationException | IOException e) {
                return Availability.unavailable("Unix domain sockets are not supported here", e);
            }
        }
    }
}
