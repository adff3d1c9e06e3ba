package io.jswoole.supervision.metrics;

import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.supervision.WorkerTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The admin endpoint of a running server: an HTTP/1.0 server on a Unix socket in the run
 * directory ({@value #FILE}, mode 0600 in the 0700 run directory, so only the server's user
 * reaches it), served by one thread of the master, never by a worker. {@code GET /metrics}
 * answers in the Prometheus text format, {@code GET /stats} as JSON ({@link MetricsReport}).
 *
 * <p>With {@code admin_address}, it answers on that TCP address too, where every request must
 * carry {@code Authorization: Bearer <admin_token>}, else 401.
 *
 * <p>One request per connection, one connection at a time per listener; a request must arrive
 * whole within {@value #DEADLINE_MILLIS} ms and within {@value #MAX_REQUEST} bytes, else it is
 * answered 408 or 431 and closed. {@code POST /upgrade} on the Unix socket hands the server over to
 * a new one ({@link #onUpgrade}); anything else but GET is 405, an unknown path 404.
 */
public final class AdminEndpoint implements AutoCloseable {
    public static final String FILE = "admin.sock";
    static final int MAX_REQUEST = 8192;
    static final long DEADLINE_MILLIS = 2000;

    private final Path socketFile;
    private final ServerSocketChannel server;
    /** The TCP listener of admin_address, or null. */
    private final ServerSocketChannel tcp;
    private final String token;
    private final Path runDir;
    private final Runnable beforeScrape;
    private final Thread thread;
    private final Thread tcpThread;
    private volatile Callable<String> upgradeAction;

    private AdminEndpoint(Path runDir, Settings settings, Runnable beforeScrape) throws IOException {
        this.runDir = runDir;
        this.beforeScrape = beforeScrape;
        this.socketFile = runDir.resolve(FILE);
        this.token = settings.get(Keys.ADMIN_TOKEN);
        Files.deleteIfExists(socketFile);
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            server.bind(UnixDomainSocketAddress.of(socketFile));
            Files.setPosixFilePermissions(socketFile, PosixFilePermissions.fromString("rw-------"));
            tcp = openTcp(settings.get(Keys.ADMIN_ADDRESS).trim());
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
        thread = new Thread(() -> serve(server, false), "admin");
        thread.setDaemon(true);
        tcpThread = tcp == null ? null : new Thread(() -> serve(tcp, true), "admin-tcp");
        if (tcpThread != null) {
            tcpThread.setDaemon(true);
        }
    }

    /** Binds {@code admin_address} (HOST:PORT, checked at start), or null when it is empty. */
    private static ServerSocketChannel openTcp(String address) throws IOException {
        if (address.isEmpty()) {
            return null;
        }
        int colon = address.lastIndexOf(':');
        String host = address.substring(0, colon).replace("[", "").replace("]", "");
        InetSocketAddress at = new InetSocketAddress(host, Integer.parseInt(address.substring(colon + 1)));
        ServerSocketChannel ch = ServerSocketChannel.open();
        try {
            ch.bind(at);
        } catch (IOException e) {
            ch.close();
            throw new IOException("admin_address " + address + ": " + e.getMessage(), e);
        }
        InetSocketAddress bound = (InetSocketAddress) ch.getLocalAddress();
        String ip = bound.getAddress().getHostAddress();
        Log.info("admin endpoint on " + (ip.contains(":") ? "[" + ip + "]" : ip) + ":" + bound.getPort()
                + " (TCP, admin_token required)");
        return ch;
    }

    /**
     * Starts the endpoint in {@code runDir}, which holds the process table and the metrics file,
     * and on {@code admin_address} when set. {@code beforeScrape} runs before each answer (a
     * process-mode master publishes its own connection counters there).
     */
    public static AdminEndpoint start(Path runDir, Settings settings, Runnable beforeScrape) throws IOException {
        AdminEndpoint e = new AdminEndpoint(runDir, settings, beforeScrape);
        e.thread.start();
        if (e.tcpThread != null) {
            e.tcpThread.start();
        }
        return e;
    }

    private void serve(ServerSocketChannel listener, boolean needsToken) {
        while (listener.isOpen()) {
            try (SocketChannel client = listener.accept()) {
                answer(client, needsToken);
            } catch (IOException e) {
                if (listener.isOpen()) {
                    Log.debug("admin endpoint: " + e);
                }
            }
        }
    }

    private void answer(SocketChannel client, boolean needsToken) throws IOException {
        client.configureBlocking(false);
        ByteBuffer in = ByteBuffer.allocate(MAX_REQUEST);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS);
        try (Selector selector = Selector.open()) {
            client.register(selector, SelectionKey.OP_READ);
            while (headerEnd(in) < 0) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (!in.hasRemaining()) {
                    reply(client, selector, 431, "text/plain", "request larger than " + MAX_REQUEST + " bytes\n");
                    discardRest(client, selector, in);
                    return;
                }
                if (left <= 0) {
                    reply(client, selector, 408, "text/plain", "request not complete within " + DEADLINE_MILLIS + " ms\n");
                    return;
                }
                selector.select(left);
                selector.selectedKeys().clear();
                if (client.read(in) < 0) {
                    return; // gone before asking anything
                }
            }
            String line = new String(in.array(), 0, lineEnd(in), StandardCharsets.US_ASCII);
            String[] parts = line.split(" ");
            if (needsToken && !carriesToken(new String(in.array(), 0, in.position(), StandardCharsets.US_ASCII))) {
                reply(client, selector, 401, "text/plain", "Authorization: Bearer <admin_token> required\n");
            } else if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
                reply(client, selector, 400, "text/plain", "malformed request line\n");
            } else if (parts[0].equals("POST") && parts[1].equals("/upgrade")) {
                upgrade(client, selector, needsToken);
            } else if (!parts[0].equals("GET")) {
                reply(client, selector, 405, "text/plain", "only GET, and POST /upgrade\n");
            } else {
                String path = parts[1];
                switch (path) {
                    case "/metrics" -> reply(client, selector, 200, "text/plain; version=0.0.4; charset=utf-8",
                            report().prometheus());
                    case "/stats" -> reply(client, selector, 200, "application/json", report().json());
                    default -> reply(client, selector, 404, "text/plain", "GET /metrics or /stats\n");
                }
            }
        }
    }

    /**
     * {@code POST /upgrade}: runs the upgrade action and answers when it is done (up to a minute),
     * 200 with what it says, or 409 with why not. Only on the Unix socket: an operator on the
     * machine upgrades, not a scraper over the network.
     */
    private void upgrade(SocketChannel client, Selector selector, boolean overTcp) throws IOException {
        Callable<String> action = upgradeAction;
        if (overTcp) {
            reply(client, selector, 403, "text/plain", "POST /upgrade only on the admin socket in the run directory\n");
        } else if (action == null) {
            reply(client, selector, 409, "text/plain", "this server cannot hand over its listening sockets: only a"
                    + " server with worker processes can be upgraded (mode=process on the epoll reactor, or mode=base with"
                    + " worker_num above 1, task workers, user processes or max_request); stop and start it instead\n");
        } else {
            try {
                reply(client, selector, 200, "text/plain", action.call() + "\n");
            } catch (Exception e) {
                reply(client, selector, 409, "text/plain", e.getMessage() + "\n");
            }
        }
    }

    /** What {@code POST /upgrade} runs: returns what to answer, or throws with why it failed. */
    public void onUpgrade(Callable<String> action) {
        upgradeAction = action;
    }

    /** Whether the request's headers hold {@code Authorization: Bearer <admin_token>}, compared in constant time. */
    private boolean carriesToken(String request) {
        for (String header : request.split("\r?\n")) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("Authorization")) {
                String value = header.substring(colon + 1).trim();
                if (value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    return MessageDigest.isEqual(value.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                            token.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        return false;
    }

    private MetricsReport report() throws IOException {
        beforeScrape.run();
        try (WorkerTable table = WorkerTable.open(runDir); ProcessMetrics metrics = ProcessMetrics.open(runDir)) {
            return new MetricsReport(table, metrics);
        }
    }

    /** Where the request's header ends, or -1 while it has not. */
    private static int headerEnd(ByteBuffer in) {
        byte[] a = in.array();
        for (int i = 0; i + 1 < in.position(); i++) {
            if (a[i] == '\n' && (a[i + 1] == '\n' || (a[i + 1] == '\r' && i + 2 < in.position() && a[i + 2] == '\n'))) {
                return i;
            }
        }
        return -1;
    }

    private static int lineEnd(ByteBuffer in) {
        byte[] a = in.array();
        int i = 0;
        while (i < in.position() && a[i] != '\n') {
            i++;
        }
        return i > 0 && a[i - 1] == '\r' ? i - 1 : i;
    }

    private static void reply(SocketChannel client, Selector selector, int status, String type, String body)
            throws IOException {
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.0 " + status + " " + reason(status) + "\r\nContent-Type: " + type + "\r\nContent-Length: "
                + content.length + "\r\nConnection: close\r\n\r\n";
        ByteBuffer out = ByteBuffer.allocate(head.length() + content.length);
        out.put(head.getBytes(StandardCharsets.US_ASCII)).put(content).flip();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DEADLINE_MILLIS);
        client.keyFor(selector).interestOps(SelectionKey.OP_WRITE);
        while (out.hasRemaining() && deadline - System.nanoTime() > 0) {
            client.write(out);
            if (out.hasRemaining()) {
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                selector.selectedKeys().clear();
            }
        }
    }

    /**
     * Reads and drops what the client still sends, briefly and boundedly, before the close: a
     * socket closed with unread input is reset, and the reset can overtake the answer.
     */
    private static void discardRest(SocketChannel client, Selector selector, ByteBuffer buf) throws IOException {
        client.shutdownOutput();
        client.keyFor(selector).interestOps(SelectionKey.OP_READ);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        long dropped = 0;
        while (dropped < 16 * MAX_REQUEST && deadline - System.nanoTime() > 0) {
            selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            selector.selectedKeys().clear();
            int n = client.read(buf.clear());
            if (n < 0) {
                return;
            }
            dropped += n;
        }
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 403 -> "Forbidden";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 408 -> "Request Timeout";
            case 431 -> "Request Header Fields Too Large";
            default -> "Error";
        };
    }

    @Override
    public void close() throws IOException {
        server.close();
        if (tcp != null) {
            tcp.close();
        }
        try {
            thread.join(DEADLINE_MILLIS * 2);
            if (tcpThread != null) {
                tcpThread.join(DEADLINE_MILLIS * 2);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(socketFile);
    }
}
