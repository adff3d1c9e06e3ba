package io.jswoole.launcher;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class ChildRunTest {

    @Test
    void readsTheOptionsOfRunInBothSpellings() {
        assertNotNull(ChildRun.parse(new String[] {"run", "--example", "echo", "--port", "0", "--set", "worker_num=2"}));
        assertNotNull(ChildRun.parse(new String[] {"run", "--example=echo", "--port=0", "--set=worker_num=2",
            "--host", "::1", "--config", "x.conf"}));
        assertNotNull(ChildRun.parse(new String[] {"run", "--app", "a.B"}));
    }

    @Test
    void leavesAnythingElseToTheFullParser() {
        assertNull(ChildRun.parse(new String[] {"providers"}));
        assertNull(ChildRun.parse(new String[] {"run", "--example", "echo", "--app", "a.B"}));
        assertNull(ChildRun.parse(new String[] {"run", "--port", "0"}));
        assertNull(ChildRun.parse(new String[] {"run", "--example", "echo", "--bogus", "1"}));
        assertNull(ChildRun.parse(new String[] {"run", "--example"}));
    }
}
