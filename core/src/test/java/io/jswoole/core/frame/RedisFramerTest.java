package io.jswoole.core.frame;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code open_redis_protocol}: one packet per RESP command, however the bytes arrive, and the limits. */
@Timeout(30)
class RedisFramerTest {
    private static final FramerDriver RESP = new FramerDriver(Map.of("open_redis_protocol", true,
            "package_max_length", 1024));

    private static final String SET = "*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nva\r\nl\r\n";
    private static final String GET = "*2\r\n$3\r\nGET\r\n$3\r\nkey\r\n";
    private static final String EMPTY_ARG = "*2\r\n$4\r\nECHO\r\n$0\r\n\r\n";

    @Test
    void multiBulkCommands() throws FrameException {
        RESP.assertFrames(SET, List.of(SET));
        RESP.assertFrames(EMPTY_ARG, List.of(EMPTY_ARG));
    }

    @Test
    void inlineCommands() throws FrameException {
        RESP.assertFrames("PING\r\n", List.of("PING\r\n"));
        RESP.assertFrames("SET a b\n", List.of("SET a b\n"));
    }

    @Test
    void pipelinedCommandsSplit() throws FrameException {
        RESP.assertFrames(SET + GET + "PING\r\n" + EMPTY_ARG + GET, List.of(SET, GET, "PING\r\n", EMPTY_ARG, GET));
    }

    @Test
    void emptyCommandsAreDropped() throws FrameException {
        RESP.assertFrames("\r\n" + GET + "*0\r\n\n  \r\n*-1\r\n" + GET, List.of(GET, GET));
    }

    @Test
    void malformedCommandsAreAnsweredWithAProtocolError() {
        for (String bad : List.of("*x\r\n", "*2\r\nGET\r\n", "*1\r\n$x\r\n", "*1\r\n$-1\r\n", "*1\r\n$3\r\nGETX\r\n",
                "*1\r\n$3\rGET", "*1\r\n:3\r\n", "*" + "1".repeat(40) + "\r\n", "*2000000\r\n")) {
            FrameException e = RESP.assertRefused(bad, "-ERR Protocol error: ");
            assertEquals(true, e.getMessage().startsWith("bad RESP command"), e.getMessage());
        }
    }

    @Test
    void oversizedCommandsAreRefused() throws FrameException {
        RESP.assertRefused("*1\r\n$2000\r\n", "-ERR Protocol error: too big command");
        RESP.assertRefused("*2\r\n$3\r\nSET\r\n$1010\r\n" + "v".repeat(1010) + "\r\n", "-ERR Protocol error: too big");
        RESP.assertRefused("SET k " + "v".repeat(1100), "-ERR Protocol error: too big inline request");
        String fits = "*1\r\n$1000\r\n" + "v".repeat(1000) + "\r\n";
        assertEquals(List.of(fits), RESP.feed(fits));
    }

    @Test
    void aHeldCommandDoesNotCountTheNextOnesAgainstTheLimit() throws FrameException {
        String cmd = "*1\r\n$800\r\n" + "v".repeat(800) + "\r\n";
        assertEquals(List.of(cmd, cmd, cmd), RESP.feed(cmd + cmd + cmd, 10));
    }
}
