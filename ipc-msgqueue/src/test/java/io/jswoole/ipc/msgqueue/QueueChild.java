package io.jswoole.ipc.msgqueue;

import io.jswoole.spi.Providers;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.pipe.SharedQueue;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A child process for tests: opens the queue at {@code args[0]} (spill directory {@code args[1]})
 * and sends every message of type 1 back as type 2, until the message "stop".
 */
public final class QueueChild {
    private QueueChild() {
    }

    public static void main(String[] args) throws Exception {
        PipeProvider pipes = Providers.select(PipeProvider.class, "task_ipc_mode", "msgqueue");
        try (SharedQueue queue = pipes.openQueue(args[0], Path.of(args[1]))) {
            while (true) {
                byte[] m = queue.receive(1, true);
                if (Arrays.equals(m, "stop".getBytes())) {
                    return;
                }
                if (!queue.send(2, ByteBuffer.wrap(m), 10_000)) {
                    System.exit(3);
                }
            }
        }
    }
}
