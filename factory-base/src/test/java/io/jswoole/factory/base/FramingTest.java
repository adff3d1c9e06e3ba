package io.jswoole.factory.base;

import io.jswoole.testing.RunningServer;
import io.jswoole.testing.Clients;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jswoole.Server;
import io.jswoole.testing.SettingEffect;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** EOF split, length check, and what an oversized packet does: close that connection only. */
@Timeout(30)
class FramingTest {

    private static void awaitSize(List<?> list, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (list.size() < n && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
    }

    /** A byte, or -1 at end of stream or when the server closed with a reset (bad input). */
    private static int readOrReset(Socket s) throws java.io.IOException {
        try {
            return s.getInputStream().read();
        } catch (java.net.SocketException e) {
            return -1;
        }
    }

    @Test
    void eofSplitDeliversOneLinePerReceive() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        Server server = new Server("127.0.0.1", 0);
        server.set(Map.of("open_eof_split", true, "package_eof", "\\r\\n"));
        server.onReceive((s, fd, r, data) -> got.add(new String(data)));
        try (RunningServer s = RunningServer.start(server); Socket c = Clients.connect("127.0.0.1", s.port())) {
            c.getOutputStream().write("one\r\ntwo\r\nthr".getBytes());
            c.getOutputStream().flush();
            awaitSize(got, 2);
            c.getOutputStream().write("ee\r\n".getBytes());
            awaitSize(got, 3);
        }
        assertEquals(List.of("one\r\n", "two\r\n", "three\r\n"), got);
    }

    @SettingEffect(keys = {"open_length_check", "package_length_type", "package_length_offset", "package_body_offset"}, modes = "base")

    @Test
    void lengthCheckDeliversWholePackets() throws Exception {
        List<String> got = new CopyOnWriteArrayList<>();
        Server server = new Server("127.0.0.1", 0);
        server.set(Map.of("open_length_check", true, "package_length_type", "N", "package_length_offset", 0,
                "package_body_offset", 4));
        server.onReceive((s, fd, r, data) -> got.add(new String(data, 4, data.length - 4)));
        try (RunningServer s = RunningServer.start(server); Socket c = Clients.connect("127.0.0.1", s.port())) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            for (String m : List.of("alpha", "", "gamma-gamma")) {
                out.writeInt(m.length());
                out.writeBytes(m);
            }
            byte[] all = bytes.toByteArray();
            // one byte at a time: every split point of header and body
            for (byte b : all) {
                c.getOutputStream().write(b);
                c.getOutputStream().flush();
            }
            awaitSize(got, 3);
        }
        assertEquals(List.of("alpha", "", "gamma-gamma"), got);
    }

    @SettingEffect(keys = "package_max_length", modes = "base")

    @Test
    void oversizedPacketClosesThatConnectionOnly() throws Exception {
        Server server = new Server("127.0.0.1", 0);
        server.set(Map.of("open_length_check", true, "package_length_type", "N", "package_body_offset", 4,
                "package_max_length", 1024));
        server.onReceive((s, fd, r, data) -> s.send(fd, data));
        try (RunningServer s = RunningServer.start(server);
             Socket bad = Clients.connect("127.0.0.1", s.port());
             Socket good = Clients.connect("127.0.0.1", s.port())) {
            new DataOutputStream(bad.getOutputStream()).writeInt(1 << 20);
            assertEquals(-1, readOrReset(bad), "the oversized sender is closed");
            DataOutputStream out = new DataOutputStream(good.getOutputStream());
            out.writeInt(2);
            out.writeBytes("ok");
            assertEquals("ok", new String(Clients.readExactly(good.getInputStream(), 6), 4, 2));
            assertEquals(1, s.server().stats().abortCount());
        }
    }

    @Test
    void eofCheckWithoutEofWithinTheLimitCloses() throws Exception {
        Server server = new Server("127.0.0.1", 0);
        server.set(Map.of("open_eof_check", true, "package_eof", "\n", "package_max_length", 4096));
        server.onReceive((s, fd, r, data) -> s.send(fd, data));
        try (RunningServer s = RunningServer.start(server); Socket c = Clients.connect("127.0.0.1", s.port())) {
            c.getOutputStream().write("a\nb\n".getBytes());
            assertEquals("a\nb\n", new String(Clients.readExactly(c.getInputStream(), 4)));
            try {
                c.getOutputStream().write(new byte[8192]);
            } catch (java.io.IOException e) {
                // the server may reset before all is written; either way it closes
            }
            assertEquals(-1, readOrReset(c));
            assertEquals(1, s.server().stats().abortCount());
        }
    }
}
