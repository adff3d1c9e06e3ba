package io.jswoole.testsuite.proxy;

import io.jswoole.ClientInfo;
import io.jswoole.Server;
import io.jswoole.SocketType;
import io.jswoole.testsuite.ModeServer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The server {@link ProxyProtocolContract} drives, run as a child JVM: {@code ProxyProtocolApp MODE
 * REACTOR}. Every port has {@code open_proxy_protocol} and lines ({@code open_eof_split} on LF);
 * each line is answered {@code IP:PORT worker=W LINE} from {@code getClientInfo}, and onConnect
 * and onClose print {@code onConnect FD IP:PORT worker=W} and {@code onClose FD}. Process mode uses
 * {@code dispatch_mode} 4. Ports:
 * <ol start="0">
 *   <li>any source may send the header;</li>
 *   <li>{@code proxy_protocol_sources} {@value #SOURCES}: not 127.0.0.1, so every connection is refused.</li>
 * </ol>
 */
public final class ProxyProtocolApp {
    static final String SOURCES = "192.0.2.0/24, 2001:db8::/32";

    private ProxyProtocolApp() {
    }

    public static void main(String[] args) {
        Server server = ModeServer.create(args[0], args[1]);
        Map<String, Object> settings = new HashMap<>(Map.of("open_proxy_protocol", true, "open_eof_split", true,
                "package_eof", "\n"));
        if (args[0].equals("process")) {
            settings.put("dispatch_mode", 4);
        }
        server.set(settings);
        server.onConnect((s, fd, r) -> System.out.println("onConnect " + fd + " " + who(s, fd)));
        server.onClose((s, fd, r) -> System.out.println("onClose " + fd));
        server.onReceive((s, fd, r, data) ->
                s.send(fd, who(s, fd) + " " + new String(data, StandardCharsets.US_ASCII).trim() + "\n"));
        server.listen("127.0.0.1", 0, SocketType.TCP).set(Map.of("proxy_protocol_sources", SOURCES));
        server.start();
    }

    private static String who(Server s, int fd) {
        ClientInfo info = s.getClientInfo(fd);
        if (info == null) {
            return "closed worker=" + s.getWorkerId(); // process mode: the client left before the worker asked
        }
        return info.remoteIp() + ":" + info.remotePort() + " worker=" + s.getWorkerId();
    }
}
