package io.jswoole.bench.jmh;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A pipe between two parties for {@link PipeRoundTripBenchmark}: a message goes to the far end,
 * which sends it straight back.
 */
interface RoundTripPipe extends Closeable {

    /** Sends {@code message} (position to limit) and waits for the same number of bytes back into {@code reply}. */
    void roundTrip(ByteBuffer message, ByteBuffer reply) throws IOException;

    /**
     * The pipe named {@code name}. {@code jdk-unix} is the baseline: a JDK Unix-domain stream
     * socket with an echo thread at the far end. The Pipe providers ({@code PipeProvider}, the
     * {@code task_ipc_mode} setting) go here by name, each as its two ends with the far one
     * echoing in a thread, and their names in {@link PipeRoundTripBenchmark}'s {@code pipe}
     * parameter.
     */
    static RoundTripPipe open(String name, int maxMessage) throws IOException {
        if (name.equals("jdk-unix")) {
            return JdkUnixPipe.open(maxMessage);
        }
        throw new IllegalArgumentException("no pipe named '" + name + "'; known: jdk-unix");
    }
}
