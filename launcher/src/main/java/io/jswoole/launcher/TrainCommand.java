package io.jswoole.launcher;

import io.jswoole.Server;
import io.jswoole.examples.EchoServer;
import io.jswoole.settings.Keys;
import io.jswoole.spi.FactoryProvider;
import io.jswoole.spi.Providers;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.process.ProcessPoolProvider;
import io.jswoole.spi.reactor.ReactorProvider;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/**
 * {@code jswoole train} (hidden): runs what a worker runs — a base-mode echo server on a free
 * port, a client that talks to it, every provider's classes — and stops. {@code bin/jswoole} runs
 * it once with {@code -XX:DumpLoadedClassList} and builds a class-data sharing archive of those
 * classes ({@code -Xshare:dump}), which the master and every child JVM then map, so that a worker
 * starts sooner and smaller.
 */
@Command(name = "train", hidden = true, description = "Exercises the server once, for a class-data sharing archive.")
final class TrainCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        for (Class<? extends io.jswoole.spi.Provider> spi : java.util.List.of(FactoryProvider.class,
                ReactorProvider.class, PipeProvider.class, ProcessPoolProvider.class, io.jswoole.spi.process.ProcessModel.class)) {
            Providers.list(spi).forEach(found -> loadAll(found.provider().getClass()));
        }
        // The API, the core every role runs (task workers' classes too), supervision, the native
        // layer, the examples and this launcher: a child JVM loads a class from a jar (read,
        // verified) in about ten times the time it maps one from the archive.
        for (Class<?> type : java.util.List.of(Server.class, io.jswoole.core.loop.EventLoop.class,
                io.jswoole.supervision.Manager.class, EchoServer.class, PlainRun.class)) {
            loadAll(type);
        }
        try {
            loadAll(Class.forName("io.jswoole.linux.Libc", false, TrainCommand.class.getClassLoader()));
        } catch (ClassNotFoundException e) {
            // a build without the native layer
        }
        Server server = EchoServer.create("127.0.0.1", 0, false);
        server.set(Keys.LOG_LEVEL, "warning");
        Thread serving = new Thread(server::start, "train-server");
        serving.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!server.isRunning() && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", server.boundPort(0)), 5000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            byte[] msg = "training the class-data sharing archive\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int i = 0; i < 200; i++) {
                out.write(msg);
                in.readNBytes(msg.length);
            }
        } finally {
            server.shutdown();
            serving.join(10_000);
        }
        return 0;
    }

    /** Loads (without initialising) every class of the jar {@code type} comes from. */
    private static void loadAll(Class<?> type) {
        java.security.CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || !source.getLocation().getPath().endsWith(".jar")) {
            return;
        }
        try (java.util.jar.JarFile jar = new java.util.jar.JarFile(new java.io.File(source.getLocation().toURI()))) {
            jar.stream().map(java.util.jar.JarEntry::getName)
                    .filter(n -> n.endsWith(".class") && !n.endsWith("module-info.class"))
                    .forEach(n -> {
                        try {
                            Class.forName(n.substring(0, n.length() - 6).replace('/', '.'), false, type.getClassLoader());
                        } catch (ClassNotFoundException | LinkageError e) {
                            // not loadable here: leave it out of the archive
                        }
                    });
        } catch (java.io.IOException | java.net.URISyntaxException e) {
            // no archive for this jar's classes
        }
    }
}
