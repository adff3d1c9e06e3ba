package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.jswoole.testing.Await;
import io.jswoole.testing.ServerProcess;
import io.jswoole.testing.SettingEffect;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ordered_replies}: a client pipelines 40 requests on one connection; in process mode they
 * are handled by two workers at once (the even ones slower), and the replies still come back in
 * request order. Without the setting the faster worker's replies overtake (which shows what the
 * setting does); base mode keeps each connection in one worker, so its replies are in order anyway.
 */
@Timeout(120)
class OrderedRepliesTest {
    private static final int REQUESTS = 40;
    private static final List<String> IN_ORDER = IntStream.range(0, REQUESTS).mapToObj(Integer::toString).toList();

    @TempDir
    Path dir;

    @SettingEffect(keys = "ordered_replies", modes = {"base", "process"})

    @Test
    void processModeKeepsRequestOrderAcrossWorkers() throws Exception {
        assertEquals(IN_ORDER, pipelined("process", true));
    }

    @Test
    void withoutTheSettingTheFasterWorkerOvertakes() throws Exception {
        List<String> replies = pipelined("process", false);
        assertEquals(IN_ORDER, replies.stream().sorted((a, b) -> Integer.parseInt(a) - Integer.parseInt(b)).toList(),
                "every request answered once");
        assertNotEquals(IN_ORDER, replies, "the odd replies, from the idle worker, come first");
    }

    @Test
    void baseModeIsInOrderWithTheSettingToo() throws Exception {
        assertEquals(IN_ORDER, pipelined("base", true));
    }

    private List<String> pipelined(String mode, boolean ordered) throws Exception {
        try (ServerProcess server = ServerProcess.start(dir, OrderedRepliesApp.class, mode, Boolean.toString(ordered))) {
            int port = server.port();
            server.awaitLines(l -> l.startsWith("onWorkerStart"), 2, Await.DEADLINE_MILLIS);
            try (Socket s = Clients.connect("127.0.0.1", port)) {
                s.setSoTimeout(20_000);
                StringBuilder all = new StringBuilder();
                IN_ORDER.forEach(n -> all.append(n).append('\n'));
                s.getOutputStream().write(all.toString().getBytes(StandardCharsets.US_ASCII));
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                List<String> replies = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    String line = in.readLine();
                    if (line == null) {
                        throw new IOException("closed after " + replies);
                    }
                    replies.add(line);
                }
                return replies;
            }
        }
    }
}
