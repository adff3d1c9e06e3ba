package io.jswoole.bench.proc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SyscallCounterTest {

    @Test
    void readsTheCountFromPerfsCsvOutput() {
        assertEquals(1250383, SyscallCounter.parse(List.of("# started on Sun Dec  6", "",
                "1250383,,raw_syscalls:sys_enter,4904996069,100.00,,")));
        assertEquals(-1, SyscallCounter.parse(List.of("<not counted>,,raw_syscalls:sys_enter,0,0.00,,")));
        assertEquals(-1, SyscallCounter.parse(List.of()));
    }

    /** A shell that writes a line a thousand times makes at least a thousand system calls. */
    @Test
    void countsTheSystemCallsOfARealProcessTree() throws Exception {
        assumeTrue(SyscallCounter.available(), "perf may not count system calls here");
        Process busy = new ProcessBuilder("sh", "-c", "sleep 0.3; i=0; while [ $i -lt 1000 ]; do echo x; i=$((i+1)); done; sleep 5")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            SyscallCounter c = SyscallCounter.start(busy.pid(), 1.5);
            double perSecond = c.perSecond();
            assertTrue(perSecond * 1.5 >= 1000, "counted " + perSecond + " per second");
        } finally {
            busy.destroyForcibly();
            busy.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
