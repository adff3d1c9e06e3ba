package io.jswoole.bench.run;

import io.jswoole.bench.netty.NettyEchoServer;
import io.jswoole.bench.netty.NettyTransport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Netty's echo server ({@link NettyEchoServer}) on one transport, in its own JVM. */
public record NettyServer(String name, NettyTransport transport, int threads, Path java, String classPath,
                          List<String> jvmOptions) implements ServerSpec {

    /** Parses {@code --netty "transport=epoll,threads=1"}; {@code name=} overrides the generated name. */
    public static NettyServer parse(String spec, Path java, String classPath, List<String> jvmOptions) {
        Map<String, String> kv = KeyValues.parse(spec);
        NettyTransport transport = NettyTransport.of(kv.getOrDefault("transport", "epoll"));
        int threads = Integer.parseInt(kv.getOrDefault("threads", "1"));
        for (String key : kv.keySet()) {
            if (!List.of("transport", "threads", "name").contains(key)) {
                throw new IllegalArgumentException("--netty: unknown key '" + key + "' (transport, threads, name)");
            }
        }
        String name = kv.getOrDefault("name", "netty-" + transport.label() + (threads == 1 ? "" : "-t" + threads));
        return new NettyServer(name, transport, threads, java, classPath, jvmOptions);
    }

    @Override
    public String describe() {
        return "Netty 4.2 echo, " + transport.label() + " transport, " + threads + " event-loop thread(s)";
    }

    @Override
    public List<String> command(int port) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(NettyEchoServer.class.getName());
        cmd.addAll(List.of("--transport", transport.label(), "--host", "127.0.0.1", "--port", Integer.toString(port),
                "--threads", Integer.toString(threads)));
        return cmd;
    }
}
