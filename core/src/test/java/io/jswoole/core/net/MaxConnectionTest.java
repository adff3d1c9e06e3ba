package io.jswoole.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class MaxConnectionTest {
    @Test
    void lowersToTheLimitOnly() {
        assertEquals(1024, MaxConnection.lowered(100_000, OptionalLong.of(1024)));
        assertEquals(500, MaxConnection.lowered(500, OptionalLong.of(1024)));
        assertEquals(1024, MaxConnection.lowered(1024, OptionalLong.of(1024)));
        assertEquals(100_000, MaxConnection.lowered(100_000, OptionalLong.empty()));
    }

    @Test
    void thisProcessHasALimitAndTheSettingIsLoweredToIt() {
        OptionalLong limit = MaxConnection.openFileLimit();
        assertTrue(limit.isPresent(), "getrlimit reports a finite open-file limit");
        Settings huge = Settings.builder().set(Keys.MAX_CONNECTION, 10_000_000).build();
        assertEquals(Math.min(10_000_000, limit.getAsLong()), MaxConnection.of(huge));
        assertEquals(Math.min(10_000_000, limit.getAsLong()), MaxConnection.checkAtStart(huge));
    }

    @Test
    void childrenAreGivenTheMastersLimit() {
        OptionalLong limit = MaxConnection.openFileLimit();
        Map<String, String> props = MaxConnection.passDown(Map.of("jswoole.role", "worker"));
        assertEquals("worker", props.get("jswoole.role"));
        assertEquals(Long.toString(limit.getAsLong()), props.get(MaxConnection.INHERITED_LIMIT));
        System.setProperty(MaxConnection.INHERITED_LIMIT, "512");
        try {
            assertEquals(OptionalLong.of(512), MaxConnection.openFileLimit(), "a child takes the value passed down");
            System.setProperty(MaxConnection.INHERITED_LIMIT, "");
            assertEquals(OptionalLong.empty(), MaxConnection.openFileLimit(), "\"\" is unlimited");
        } finally {
            System.clearProperty(MaxConnection.INHERITED_LIMIT);
        }
    }
}
