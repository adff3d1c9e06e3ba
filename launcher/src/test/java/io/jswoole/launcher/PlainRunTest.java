package io.jswoole.launcher;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class PlainRunTest {

    @Test
    void readsTheOptionsOfRunInBothSpellings() {
        assertNotNull(PlainRun.parse(new String[] {"run", "--example", "echo", "--port", "0", "--set", "worker_num=2"}));
        assertNotNull(PlainRun.parse(new String[] {"run", "--example=echo", "--port=0", "--set=worker_num=2",
            "--host", "::1", "--config", "x.conf"}));
        assertNotNull(PlainRun.parse(new String[] {"run", "--app", "a.B"}));
    }

    @Test
    void leavesAnythingElseToTheFullParser() {
        assertNull(PlainRun.parse(new String[] {"providers"}));
        assertNull(PlainRun.parse(new String[] {"run", "--example", "echo", "--app", "a.B"}));
        assertNull(PlainRun.parse(new String[] {"run", "--port", "0"}));
        assertNull(PlainRun.parse(new String[] {"run", "--example", "echo", "--bogus", "1"}));
        assertNull(PlainRun.parse(new String[] {"run", "--example"}));
        assertNull(PlainRun.parse(new String[] {"run", "--example", "echo", "--port", "70000"}), "the parser says why");
        assertNull(PlainRun.parse(new String[] {"run", "--example", "echo", "--port=-1"}));
        assertNull(PlainRun.parse(new String[] {"run", "--example", "echo", "--port", "x"}));
        assertNull(PlainRun.parse(new String[] {"run", "--example", "echo", "--help"}));
    }
}
