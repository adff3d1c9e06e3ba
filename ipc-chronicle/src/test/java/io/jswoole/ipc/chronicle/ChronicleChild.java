package io.jswoole.ipc.chronicle;

import io.jswoole.spi.Providers;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Transport;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child process for tests.
 *
 * <pre>
 *   probe              prints the provider's availability on one line
 *   stream ADDRESS     connects and sends messages with sessions 0, 1, 2, ... until killed
 *   loop RUNDIR        opens a link within this process, sends one message through it, closes it
 * </pre>
 */
public final class ChronicleChild {
    private ChronicleChild() {
    }

    public static void main(String[] args) throws Exception {
        PipeProvider pipes = Providers.list(PipeProvider.class).stream()
                .map(Providers.Found::provider).filter(p -> p.name().equals("chronicle")).findFirst().orElseThrow();
        if (args[0].equals("probe")) {
            System.out.println(pipes.availability());
            return;
        }
        Transport transport = Providers.select(ReactorProvider.class, "reactor", "nio").transport();
        if (args[0].equals("stream")) {
            stream(pipes.connect(args[1], transport));
        } else if (args[0].equals("loop")) {
            try (PipeListener listener = pipes.listen(Path.of(args[1]), "loop", transport);
                 PipeChannel client = pipes.connect(listener.address(), transport)) {
                PipeChannel server = null;
                while (server == null) {
                    server = listener.accept();
                }
                client.offer(1, 0, 0, 1, ByteBuffer.wrap("ping".getBytes()));
                client.flush();
                int[] got = {0};
                while (got[0] == 0) {
                    server.receive((t, f, r, s, p) -> got[0]++);
                }
                server.close();
            }
            try (var s = Files.list(Path.of(args[1]))) {
                System.out.println("left in the run directory: " + s.toList());
            }
        }
    }

    private static void stream(PipeChannel channel) throws Exception {
        ByteBuffer payload = ByteBuffer.allocate(1000);
        for (int session = 0; ; session++) {
            payload.putInt(0, session);
            while (!channel.offer(1, 0, 0, session, payload)) {
                channel.flush();
                Thread.onSpinWait();
            }
            channel.flush();
        }
    }
}
