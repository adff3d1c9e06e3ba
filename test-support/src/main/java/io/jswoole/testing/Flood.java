package io.jswoole.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client that writes a known byte pattern to an echo server without reading, for back-pressure
 * tests: it waits until the writer is stuck, then reads everything back and checks every byte.
 */
public final class Flood {
    private final Socket socket;
    private final long total;
    private final AtomicLong written = new AtomicLong();
    private final Thread writer;

    private Flood(Socket socket, long total) {
        this.socket = socket;
        this.total = total;
        this.writer = new Thread(this::write, "flooder");
    }

    /** Starts writing {@code total} bytes to {@code socket} on a thread of its own. */
    public static Flood start(Socket socket, long total) {
        Flood f = new Flood(socket, total);
        f.writer.start();
        return f;
    }

    private static byte patternAt(long pos) {
        return (byte) (pos * 31 >>> 3);
    }

    private void write() {
        try {
            OutputStream out = socket.getOutputStream();
            byte[] chunk = new byte[8192];
            for (long off = 0; off < total; off += chunk.length) {
                for (int i = 0; i < chunk.length; i++) {
                    chunk[i] = patternAt(off + i);
                }
                out.write(chunk);
                written.addAndGet(chunk.length);
            }
        } catch (IOException e) {
            written.set(-1);
        }
    }

    /** Waits until the writer made no progress for 500 ms (or 30 s passed); returns the bytes written. */
    public long awaitStalled() throws InterruptedException {
        long last = -1;
        long stableSince = System.nanoTime();
        long giveUp = stableSince + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() - stableSince < TimeUnit.MILLISECONDS.toNanos(500) && System.nanoTime() - giveUp < 0) {
            long now = written.get();
            if (now != last) {
                last = now;
                stableSince = System.nanoTime();
            }
            Thread.sleep(5);
        }
        return written.get();
    }

    /** Reads all {@code total} echoed bytes, checking each, then waits for the writer; returns bytes written. */
    public long readBackAndJoin() throws IOException, InterruptedException {
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[65536];
        long got = 0;
        while (got < total) {
            int n = in.read(buf);
            if (n < 0) {
                throw new AssertionError("closed after " + got + " bytes");
            }
            for (int i = 0; i < n; i++) {
                if (buf[i] != patternAt(got + i)) {
                    throw new AssertionError("byte " + (got + i) + " differs");
                }
            }
            got += n;
        }
        writer.join(10_000);
        return written.get();
    }
}
