package io.jswoole.testsuite;

import io.jswoole.testing.Await;
import io.jswoole.testing.ServerProcess;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** A line-oriented client of a test server: a failed read shows the server's last log lines. */
final class LineClient implements AutoCloseable {
    private final ServerProcess server;
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    LineClient(ServerProcess server, Socket socket) throws IOException {
        this.server = server;
        this.socket = socket;
        socket.setSoTimeout((int) Await.DEADLINE_MILLIS);
        this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        this.out = socket.getOutputStream();
    }

    void write(String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    String read() throws IOException {
        String line;
        try {
            line = in.readLine();
        } catch (java.net.SocketTimeoutException e) {
            List<String> out = server.lines();
            throw new AssertionError("no reply within " + Await.DEADLINE_MILLIS + " ms; the server's last lines:\n"
                    + String.join("\n", out.subList(Math.max(0, out.size() - 60), out.size())), e);
        }
        if (line == null) {
            throw new IOException("the server closed the connection");
        }
        return line;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
