package io.jswoole.reactor.epoll;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.Availability;
import io.jswoole.spi.Providers;
import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class EpollReactorProviderTest {

    @Test
    void isFoundByServiceLoaderAndIsAvailableOnLinux() {
        ReactorProvider provider = Providers.select(ReactorProvider.class, "reactor", "epoll");
        assertInstanceOf(EpollReactorProvider.class, provider);
        assertEquals("epoll", provider.name());
        assertEquals(20, provider.priority());
        assertTrue(provider.availability().isAvailable(), provider.availability().toString());
        assertTrue(Epoll.isAvailable());
        assertNull(Epoll.unavailabilityCause());
        Epoll.ensureAvailability();
    }

    @Test
    void autoChoosesEpoll() {
        assertInstanceOf(EpollReactorProvider.class, Providers.select(ReactorProvider.class, "reactor", "auto"));
    }

    @Test
    void theSystemPropertyTurnsItOff() {
        Availability a = Epoll.probe(linux("amd64", "true"));
        assertFalse(a.isAvailable());
        assertTrue(a.reason().contains(Epoll.DISABLE_PROPERTY + "=true"), a.reason());
        assertTrue(Epoll.probe(linux("amd64", "false")).isAvailable());
    }

    @Test
    void otherSystemsAndArchitecturesAreRefusedWithTheReason() {
        Properties mac = linux("aarch64", null);
        mac.setProperty("os.name", "Mac OS X");
        Availability a = Epoll.probe(mac);
        assertFalse(a.isAvailable());
        assertTrue(a.reason().contains("Mac OS X"), a.reason());

        Availability s390 = Epoll.probe(linux("s390x", null));
        assertFalse(s390.isAvailable());
        assertTrue(s390.reason().contains("s390x"), s390.reason());
    }

    @Test
    void pollerRefusesSocketsOfAnotherReactor() throws Exception {
        Pollable foreign = () -> { };
        try (Poller poller = Loopback.REACTOR.openPoller()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> poller.register(foreign, Poller.READ, ops -> { }));
            assertTrue(e.getMessage().contains("another reactor"), e.getMessage());
        }
    }

    private static Properties linux(String arch, String disabled) {
        Properties p = new Properties();
        p.setProperty("os.name", "Linux");
        p.setProperty("os.arch", arch);
        if (disabled != null) {
            p.setProperty(Epoll.DISABLE_PROPERTY, disabled);
        }
        return p;
    }
}
