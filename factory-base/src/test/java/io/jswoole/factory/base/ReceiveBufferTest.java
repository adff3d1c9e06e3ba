package io.jswoole.factory.base;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jswoole.Server;
import io.jswoole.SocketType;
import io.jswoole.testing.Clients;
import io.jswoole.testing.RunningServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The view form of onReceive and send(fd, ByteBuffer) in a base-mode worker. */
@Timeout(30)
class ReceiveBufferTest {

    @Test
    void theViewIsReadOnlyAndSendLeavesItsPositionAlone() throws Exception {
        Server server = new Server("127.0.0.1", 0, SocketType.TCP);
        server.onReceiveBuffer((srv, fd, r, data) -> {
            String verdict;
            try {
                data.put(data.position(), (byte) '!');
                verdict = "writable";
            } catch (ReadOnlyBufferException e) {
                verdict = "read-only";
            }
            int position = data.position();
            srv.send(fd, data);
            srv.send(fd, data); // the same bytes once more: send did not consume them
            srv.send(fd, (" " + verdict + " " + (data.position() == position) + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
        });
        try (RunningServer s = RunningServer.start(server);
             Socket c = Clients.connect("127.0.0.1", s.port())) {
            c.getOutputStream().write("ab".getBytes(StandardCharsets.US_ASCII));
            assertEquals("abab read-only true\n", new String(Clients.readExactly(c.getInputStream(), 20),
                    StandardCharsets.US_ASCII));
        }
    }

    @Test
    void aPortsOwnFormWinsOverTheServersAndSettingOneFormReplacesTheOther() throws Exception {
        Server server = new Server("127.0.0.1", 0, SocketType.TCP);
        server.onReceive((srv, fd, r, data) -> srv.send(fd, "array\n"));
        server.onReceiveBuffer((srv, fd, r, data) -> srv.send(fd, "server view\n")); // replaces the array form
        server.listen("127.0.0.1", 0, SocketType.TCP).onReceive((srv, fd, r, data) -> srv.send(fd, "port array\n"));
        try (RunningServer s = RunningServer.start(server);
             Socket main = Clients.connect("127.0.0.1", s.port(0));
             Socket second = Clients.connect("127.0.0.1", s.port(1))) {
            assertEquals("server view\n", ask(main, 12));
            assertEquals("port array\n", ask(second, 11));
        }
    }

    @Test
    void whatTheSocketDoesNotTakeIsQueuedAndArrivesWhole() throws Exception {
        int size = 4 << 20;
        ByteBuffer big = ByteBuffer.allocateDirect(size);
        for (int i = 0; i < size; i++) {
            big.put((byte) (i * 31));
        }
        big.flip();
        Server server = new Server("127.0.0.1", 0, SocketType.TCP);
        server.set(Map.of("socket_buffer_size", 16 << 20, "buffer_output_size", 16 << 20,
                "kernel_socket_send_buffer_size", 64 << 10));
        server.onReceiveBuffer((srv, fd, r, data) -> {
            srv.send(fd, big); // far more than the socket takes at once
            srv.send(fd, data); // queued behind it
        });
        try (RunningServer s = RunningServer.start(server);
             Socket c = Clients.connect("127.0.0.1", s.port())) {
            c.getOutputStream().write('x');
            byte[] got = Clients.readExactly(c.getInputStream(), size + 1);
            byte[] expected = new byte[size];
            big.get(0, expected);
            assertArrayEquals(expected, Arrays.copyOf(got, size));
            assertEquals('x', got[size]);
        }
    }

    private static String ask(Socket c, int replyLength) throws Exception {
        OutputStream out = c.getOutputStream();
        InputStream in = c.getInputStream();
        out.write("?".getBytes(StandardCharsets.US_ASCII));
        return new String(Clients.readExactly(in, replyLength), StandardCharsets.US_ASCII);
    }
}
