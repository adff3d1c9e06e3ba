package io.jswoole.bench.proto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --server-cpus}: the values it takes and the taskset prefix each gives. */
@Timeout(10)
class ServerCpusTest {

    @Test
    void takesAllOtherOrACpuList() {
        for (String ok : new String[] {"all", "other", "0", "0-1", "0,2-3,5"}) {
            assertTrue(ProtoOptions.validServerCpus(ok), ok);
        }
        for (String bad : new String[] {"", "any", "0,", "-1", "0-", "a,b", "0 1"}) {
            assertFalse(ProtoOptions.validServerCpus(bad), bad);
        }
    }

    @Test
    void otherIsOneCpuThatIsNotTheLoadClients() {
        ProtoOptions options = new ProtoOptions();
        options.pinCpu = 1;
        assertEquals(List.of(), options.serverPinning("all"));
        List<String> other = options.serverPinning("other");
        if (Runtime.getRuntime().availableProcessors() > 1 && !other.isEmpty()) {
            assertEquals(List.of("-c", "0"), other.subList(1, 3));
        }
        options.pinCpu = 0;
        List<String> notZero = options.serverPinning("other");
        if (!notZero.isEmpty()) {
            assertEquals("1", notZero.get(2));
        }
        options.serverCpus = "0-1";
        List<String> given = options.serverPinning("other");
        if (!given.isEmpty()) {
            assertEquals(List.of("-c", "0-1"), given.subList(1, 3));
        }
    }
}
