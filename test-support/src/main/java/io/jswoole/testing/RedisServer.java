package io.jswoole.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own on 127.0.0.1, on a free port, without persistence, in a
 * directory of the test's; {@link #stop} and {@link #close} kill it by its pid and reap it. A
 * machine without {@code redis-server} fails the test with a message saying so.
 */
public final class RedisServer implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/bin/redis-server");

    private final Path dir;
    private final int port;
    private final List<String> extra;
    private final boolean tls;
    private Process process;

    private RedisServer(Path dir, int port, List<String> extra, boolean tls) {
        this.dir = dir;
        this.port = port;
        this.extra = extra;
        this.tls = tls;
    }

    /** Starts one in {@code dir} with further redis-server arguments ({@code --requirepass x}). */
    public static RedisServer start(Path dir, String... extra) throws IOException, InterruptedException {
        RedisServer r = new RedisServer(dir, Clients.freePort(), List.of(extra), false);
        r.startAgain();
        return r;
    }

    /**
     * Starts one that speaks only TLS, with a self-signed certificate for 127.0.0.1 made by the
     * JDK's keytool; {@link #trustStore()} trusts it.
     */
    public static RedisServer startTls(Path dir) throws IOException, InterruptedException {
        Path keyStore = dir.resolve("redis-key.p12");
        keytool("-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", keyStore.toString(),
                "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        Path cert = dir.resolve("redis-cert.pem");
        keytool("-exportcert", "-rfc", "-alias", "redis", "-keystore", keyStore.toString(), "-storepass", STORE_PASSWORD,
                "-file", cert.toString());
        keytool("-importcert", "-noprompt", "-alias", "redis", "-file", cert.toString(), "-keystore",
                dir.resolve("redis-trust.p12").toString(), "-storetype", "PKCS12", "-storepass", STORE_PASSWORD);
        Path key = dir.resolve("redis-key.pem");
        try {
            java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(keyStore)) {
                ks.load(in, STORE_PASSWORD.toCharArray());
            }
            byte[] pkcs8 = ks.getKey("redis", STORE_PASSWORD.toCharArray()).getEncoded();
            Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(pkcs8)
                    + "\n-----END PRIVATE KEY-----\n");
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("reading the key keytool made", e);
        }
        int port = Clients.freePort();
        RedisServer r = new RedisServer(dir, port, List.of("--port", "0", "--tls-port", Integer.toString(port),
                "--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(), "--tls-ca-cert-file",
                cert.toString(), "--tls-auth-clients", "no"), true);
        r.startAgain();
        return r;
    }

    public static final String STORE_PASSWORD = "changeit";

    /** A PKCS12 trust store holding the certificate of a {@link #startTls} server. */
    public Path trustStore() {
        return dir.resolve("redis-trust.p12");
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new AssertionError("keytool " + String.join(" ", args) + ": " + out);
        }
    }

    /** Whether it was started with {@code --requirepass}. */
    public boolean hasPassword() {
        return extra.contains("--requirepass");
    }

    public int port() {
        return port;
    }

    public String address() {
        return "127.0.0.1:" + port;
    }

    /** Starts it (again, after {@link #stop}) on the same port, and waits until it answers. */
    public void startAgain() throws IOException, InterruptedException {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError(BINARY + " is missing: install the Debian package redis-server (.ci/run does)");
        }
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--daemonize", "no"));
        cmd.addAll(extra); // a later --port wins
        process = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("redis-" + port + ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!answers()) {
            if (!process.isAlive()) {
                throw new AssertionError("redis-server exited: " + Files.readString(dir.resolve("redis-" + port + ".log")));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("redis-server on port " + port + " did not answer within 20 s");
            }
            Thread.sleep(10); // polling a condition: redis-server says nothing on a pipe when ready
        }
    }

    /** Whether it answers PING (with or without a password, it answers something); over TLS, whether it listens. */
    private boolean answers() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            if (tls) {
                return true;
            }
            s.setSoTimeout(1_000);
            s.getOutputStream().write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            int c = s.getInputStream().read();
            return c == '+' || c == '-';
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills it by pid (SIGKILL: as if the host went away) and reaps it. */
    public void stop() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
