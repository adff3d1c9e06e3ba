package io.jswoole.testsuite.settings;

import io.jswoole.Server;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A server for {@link SettingEffectsTest}, run as a child JVM; every argument is a
 * {@code key=value} setting. Ports in this order:
 * <ol start="0">
 *   <li>TCP, raw: {@code big N} asks for a send of N bytes (answered {@code refused} when send
 *       refuses it), {@code hang} blocks the worker, anything else is echoed;</li>
 *   <li>TCP, length framing (4-byte big-endian length, then the body; package_max_length 1024):
 *       each packet is echoed whole;</li>
 *   <li>TCP, EOF check on {@code \n} with buffer_input_size 1024: echoed;</li>
 *   <li>TCP, EOF split on {@code \n}: each line comes back as {@code [line]}.</li>
 * </ol>
 * Workers print {@code onWorkerStart ID pid=P mark=M} ({@code M} = the system property
 * {@code settings.mark}, which worker_jvm_options may set) and {@code onWorkerStop ID pid=P}.
 */
public final class SettingsApp {
    private SettingsApp() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String a : args) {
            String[] kv = a.split("=", 2);
            settings.put(kv[0], kv[1]);
        }
        Server server = new Server("127.0.0.1", 0);
        server.set(settings);
        server.onWorkerStart((s, id) -> System.out.println("onWorkerStart " + id + " pid=" + s.getWorkerPid()
                + " mark=" + System.getProperty("settings.mark")));
        server.onWorkerStop((s, id) -> System.out.println("onWorkerStop " + id + " pid=" + s.getWorkerPid()));
        server.onStart(s -> System.out.println("port0=" + s.boundPort(0))); // also when the log goes to a file
        server.onReceive((s, fd, r, data) -> {
            String line = new String(data, StandardCharsets.UTF_8).trim();
            if (line.startsWith("big ")) {
                if (!s.send(fd, new byte[Integer.parseInt(line.substring(4))])) {
                    s.send(fd, "refused\n");
                }
            } else if (line.equals("hang")) {
                System.out.println("hanging in worker " + s.getWorkerId());
                Thread.sleep(600_000);
            } else {
                s.send(fd, data);
            }
        });
        server.listen("127.0.0.1", 0, io.jswoole.SocketType.TCP)
                .set(Map.of("open_length_check", true, "package_length_type", "N", "package_length_offset", 0,
                        "package_body_offset", 4, "package_max_length", 1024))
                .onReceive((s, fd, r, data) -> s.send(fd, data));
        server.listen("127.0.0.1", 0, io.jswoole.SocketType.TCP)
                .set(Map.of("open_eof_check", true, "package_eof", "\n", "buffer_input_size", 1024))
                .onReceive((s, fd, r, data) -> s.send(fd, data));
        server.listen("127.0.0.1", 0, io.jswoole.SocketType.TCP)
                .set(Map.of("open_eof_split", true, "package_eof", "\n"))
                .onReceive((s, fd, r, data) -> {
                    String line = new String(data, StandardCharsets.UTF_8).trim();
                    s.send(fd, "[" + line + "]\n");
                });
        server.start();
    }

    /** A length-framed packet for port 1. */
    static byte[] lengthPacket(byte[] body) {
        return ByteBuffer.allocate(4 + body.length).putInt(body.length).put(body).array();
    }
}
