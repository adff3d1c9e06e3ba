package io.jswoole.reactor.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.Providers;
import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.ReactorProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class NioReactorProviderTest {

    @Test
    void isFoundByServiceLoaderUnderItsName() {
        ReactorProvider provider = Providers.select(ReactorProvider.class, "reactor", "nio");
        assertInstanceOf(NioReactorProvider.class, provider);
        assertEquals("nio", provider.name());
        assertEquals(10, provider.priority());
        assertTrue(provider.availability().isAvailable());
        assertInstanceOf(NioTransport.class, provider.transport());
    }

    @Test
    void pollerRefusesSocketsOfAnotherReactor() throws Exception {
        Pollable foreign = () -> { };
        try (Poller poller = new NioReactorProvider().openPoller()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> poller.register(foreign, Poller.READ, ops -> { }));
            assertTrue(e.getMessage().contains("another reactor"), e.getMessage());
        }
    }
}
