package io.jswoole.ipc.unixsock;

import io.jswoole.spi.Providers;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.reactor.ReactorProvider;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A child process for tests: connects to the pipe listener at {@code args[0]}, sends one message
 * ("hello from <pid>", type 7, session = its pid), then blocks until its stdin closes.
 */
public final class PipeChild {
    private PipeChild() {
    }

    public static void main(String[] args) throws Exception {
        ReactorProvider reactor = Providers.select(ReactorProvider.class, "reactor", "nio");
        PipeProvider pipes = Providers.select(PipeProvider.class, "task_ipc_mode", "unixsock");
        long pid = ProcessHandle.current().pid();
        try (PipeChannel channel = pipes.connect(args[0], reactor.transport())) {
            byte[] hello = ("hello from " + pid).getBytes(StandardCharsets.UTF_8);
            channel.offer(7, 1, 2, (int) pid, ByteBuffer.wrap(hello));
            while (!channel.flush()) {
                Thread.onSpinWait(); // a few bytes into an empty socket: the first write takes them
            }
            // Blocks until killed, or until the parent goes and stdin closes.
            while (System.in.read() >= 0) {
                // ignore input
            }
        }
    }
}
