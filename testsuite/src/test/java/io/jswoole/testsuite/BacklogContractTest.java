package io.jswoole.testsuite;

import io.jswoole.testing.Await;
import io.jswoole.testing.Sockets;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.spi.reactor.ListenSocket;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.SocketOptions;
import io.jswoole.testing.SettingEffect;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * {@code backlog} on every reactor. It cannot be read back with getsockopt; its effect can: the
 * kernel completes {@code backlog + 1} handshakes nobody accepts and drops the SYN of the next one.
 */
@Timeout(30)
class BacklogContractTest {

    @ReactorTest
    @SettingEffect(keys = "backlog", modes = {"base", "process"}, reactors = {"epoll", "nio"})
    void theBacklogLimitsTheUnacceptedConnections(ReactorProvider reactor) throws Exception {
        Reactors.requireAvailable(reactor);
        int backlog = 3;
        SocketOptions small = SocketOptions.of(Settings.builder().set(Keys.BACKLOG, backlog).build());
        List<SocketChannel> clients = new ArrayList<>();
        try (ListenSocket listener = reactor.transport().listen(Sockets.LOOPBACK, small);
             Selector selector = Selector.open()) {
            for (int i = 0; i <= backlog + 1; i++) {
                SocketChannel c = SocketChannel.open();
                clients.add(c);
                c.configureBlocking(false);
                if (c.connect(listener.localAddress())) {
                    continue;
                }
                SelectionKey key = c.register(selector, SelectionKey.OP_CONNECT);
                boolean last = i == backlog + 1;
                selector.select(last ? 300 : Await.DEADLINE_MILLIS);
                boolean connected = key.isValid() && key.isConnectable() && c.finishConnect();
                key.cancel();
                assertEquals(!last, connected, "connection " + (i + 1) + " with backlog " + backlog);
            }
        } finally {
            for (SocketChannel c : clients) {
                c.close();
            }
        }
    }
}
