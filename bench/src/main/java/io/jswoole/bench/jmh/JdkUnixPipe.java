package io.jswoole.bench.jmh;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/** The pipe baseline: a blocking JDK Unix-domain stream socket whose far end echoes in a thread. */
final class JdkUnixPipe implements RoundTripPipe {
    private final Path dir;
    private final SocketChannel near;
    private final SocketChannel far;
    private final Thread echo;

    private JdkUnixPipe(Path dir, SocketChannel near, SocketChannel far, int maxMessage) {
        this.dir = dir;
        this.near = near;
        this.far = far;
        this.echo = new Thread(() -> echo(maxMessage), "pipe-echo");
        echo.setDaemon(true);
        echo.start();
    }

    static JdkUnixPipe open(int maxMessage) throws IOException {
        Path dir = Files.createTempDirectory("jsw-pipe-", PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rwx------")));
        UnixDomainSocketAddress address = UnixDomainSocketAddress.of(dir.resolve("s"));
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            server.bind(address);
            SocketChannel near = SocketChannel.open(address);
            SocketChannel far = server.accept();
            return new JdkUnixPipe(dir, near, far, maxMessage);
        } finally {
            Files.deleteIfExists(dir.resolve("s"));
        }
    }

    private void echo(int maxMessage) {
        ByteBuffer b = ByteBuffer.allocateDirect(maxMessage);
        try {
            while (true) {
                b.clear();
                if (far.read(b) < 0) {
                    return;
                }
                b.flip();
                while (b.hasRemaining()) {
                    far.write(b);
                }
            }
        } catch (IOException e) {
            // Closed at tear-down.
        }
    }

    @Override
    public void roundTrip(ByteBuffer message, ByteBuffer reply) throws IOException {
        int n = message.remaining();
        while (message.hasRemaining()) {
            near.write(message);
        }
        reply.clear().limit(n);
        while (reply.hasRemaining()) {
            if (near.read(reply) < 0) {
                throw new IOException("the echo end closed");
            }
        }
    }

    @Override
    public void close() throws IOException {
        near.close();
        far.close();
        try {
            echo.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(dir);
    }
}
