package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.Providers;
import io.jswoole.spi.reactor.ReactorProvider;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A child process constructs the provider classes its master found instead of scanning the class
 * path again, and looks for itself when one of them cannot be constructed.
 */
@Timeout(30)
class InheritedProvidersTest {

    @AfterEach
    void clear() {
        System.clearProperty(Providers.INHERITED);
    }

    @Test
    void whatTheMasterFoundIsPassedToItsChildren() {
        List<String> names = Providers.list(ReactorProvider.class).stream().map(Providers.Found::name).toList();
        assertEquals(List.of("epoll", "nio"), names);
        String passed = Providers.inheritable();
        assertTrue(passed.contains(ReactorProvider.class.getName() + "="), passed);
        assertTrue(passed.contains("io.jswoole.reactor.nio.NioReactorProvider"), passed);
        assertTrue(passed.contains("io.jswoole.reactor.epoll.EpollReactorProvider"), passed);
    }

    @Test
    void aChildConstructsTheClassesItWasGiven() {
        // Only nio is passed: were the class path scanned, epoll would be found too.
        System.setProperty(Providers.INHERITED, ReactorProvider.class.getName() + "=io.jswoole.reactor.nio.NioReactorProvider");
        assertEquals(List.of("nio"), Providers.list(ReactorProvider.class).stream().map(Providers.Found::name).toList());
        assertEquals("nio", Providers.select(ReactorProvider.class, "reactor", "auto").name());
    }

    @Test
    void aClassThatCannotBeConstructedMakesTheChildLookItself() {
        System.setProperty(Providers.INHERITED, ReactorProvider.class.getName() + "=io.jswoole.reactor.nio.NioReactorProvider,no.such.Provider");
        assertEquals(List.of("epoll", "nio"), Providers.list(ReactorProvider.class).stream().map(Providers.Found::name).toList());
    }
}
