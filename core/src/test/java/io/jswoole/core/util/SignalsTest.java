package io.jswoole.core.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Signals#send} delivers with kill(2), by name or number, and tells a gone process apart. */
@Timeout(60)
class SignalsTest {

    @Test
    void sendsByName() throws Exception {
        assertEquals(128 + 10, exitAfter("USR1"));
        assertEquals(128 + 15, exitAfter("TERM"));
    }

    @Test
    void sendsOnceTheBindingIsPreparedInTheBackground() throws Exception {
        Signals.prepare();
        Signals.prepare();
        assertEquals(128 + 10, exitAfter("USR1"));
    }

    @Test
    void sendsByNumber() throws Exception {
        assertEquals(128 + 1, exitAfter("1"));
    }

    @Test
    void aGoneProcessIsFalse() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertFalse(Signals.send(p.pid(), "TERM"));
        assertFalse(Signals.send(0, "TERM"), "pid 0 would be the process group");
    }

    /** The exit status of a {@code sleep} that {@code signal} ended. */
    private static int exitAfter(String signal) throws Exception {
        Process p = new ProcessBuilder("sleep", "60").start();
        try {
            assertTrue(Signals.send(p.pid(), signal));
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            return p.exitValue();
        } finally {
            p.destroyForcibly().waitFor();
        }
    }
}
