package io.jswoole.bench.proto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An nginx configuration answering {@code Hello, World!\n} as {@code text/plain} on every path,
 * with keep-alive, no access log, errors on standard error, and its pid file and temporary files
 * in a directory of its own; it runs as the current user.
 */
final class NginxConfig {
    private NginxConfig() {
    }

    /** The configuration text for {@code workers} worker processes on 127.0.0.1:{@code port}. */
    static String text(int port, int workers, Path dir, boolean root) {
        return (root ? "user root;\n" : "")
                + "worker_processes " + workers + ";\n"
                + "pid " + dir.resolve("nginx.pid") + ";\n"
                + "error_log stderr warn;\n"
                + "events {\n    worker_connections 4096;\n}\n"
                + "http {\n"
                + "    access_log off;\n"
                + "    default_type text/plain;\n"
                + "    keepalive_timeout 65;\n"
                + "    keepalive_requests 100000000;\n"
                + "    client_body_temp_path " + dir.resolve("body") + ";\n"
                + "    server {\n"
                + "        listen 127.0.0.1:" + port + ";\n"
                + "        location / {\n"
                + "            return 200 \"Hello, World!\\n\";\n"
                + "        }\n"
                + "    }\n"
                + "}\n";
    }

    /** Writes the configuration into {@code dir} and returns the command that runs nginx on it in the foreground. */
    static List<String> command(Path nginx, int port, int workers, Path dir) throws IOException {
        Path conf = dir.resolve("nginx.conf");
        boolean root = "root".equals(System.getProperty("user.name"));
        Files.writeString(conf, text(port, workers, dir, root), StandardCharsets.UTF_8);
        return List.of(nginx.toString(), "-p", dir + "/", "-c", conf.toString(), "-e", "stderr", "-g", "daemon off;");
    }
}
