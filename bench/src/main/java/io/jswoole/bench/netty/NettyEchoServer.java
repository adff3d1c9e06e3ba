package io.jswoole.bench.netty;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench netty-echo}: a Netty 4.2 TCP echo server, the baseline every configuration is held
 * against. One event-loop group of {@code --threads} threads accepts and serves connections;
 * it runs until SIGTERM or SIGINT.
 */
@Command(name = "netty-echo",
        description = "Runs a Netty echo server on its NIO or native epoll transport until SIGTERM or SIGINT.")
public final class NettyEchoServer implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    boolean help;

    @Option(names = "--transport", paramLabel = "nio|epoll", defaultValue = "epoll",
            description = "nio or epoll (default: ${DEFAULT-VALUE}).")
    String transport;

    @Option(names = "--host", paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9000",
            description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1",
            description = "Event-loop threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Override
    public Integer call() throws InterruptedException {
        NettyTransport t = NettyTransport.of(transport);
        String cause = t.unavailabilityCause();
        if (cause != null) {
            System.err.println("netty-echo: the " + t.label() + " transport is not available: " + cause);
            return 1;
        }
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, t.ioHandlerFactory());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            stopped.countDown();
        }, "netty-echo-stop"));
        Channel server = new ServerBootstrap()
                .group(group)
                .channel(t.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(EchoHandler.INSTANCE)
                .bind(new InetSocketAddress(host, port)).sync().channel();
        System.out.printf("netty-echo (%s, %d thread(s)) listening on %s%n", t.label(), threads, server.localAddress());
        System.out.flush();
        stopped.await();
        return 0;
    }

    /** Runs the server: {@code NettyEchoServer --transport nio|epoll --port P --threads T}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new NettyEchoServer()).execute(args));
    }
}
