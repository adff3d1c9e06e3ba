package io.jswoole.testsuite;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jswoole.spi.Availability;
import io.jswoole.spi.Providers;
import io.jswoole.spi.reactor.ReactorProvider;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Every Reactor provider on the class path, as the arguments of a {@link ReactorTest}. A provider
 * that is not available here is skipped with its reason; {@code EpollAvailabilityTest} makes sure
 * that on Linux that never happens to {@code epoll}.
 */
public final class Reactors {
    private Reactors() {
    }

    /** One argument per provider found, named after it. */
    public static Stream<Arguments> all() {
        return found().stream().map(f -> Arguments.of(Named.of(f.name(), f.provider())));
    }

    /** Every pair of providers (server, client), for tests across transports. */
    public static Stream<Arguments> pairs() {
        List<Providers.Found<ReactorProvider>> found = found();
        return found.stream().flatMap(server -> found.stream().map(client -> Arguments.of(
                Named.of(server.name(), server.provider()), Named.of(client.name(), client.provider()))));
    }

    public static List<Providers.Found<ReactorProvider>> found() {
        return Providers.list(ReactorProvider.class);
    }

    /** The reactor of that name, or the test skipped with the reason where it cannot run. */
    public static ReactorProvider requireAvailable(String name) {
        return requireAvailable(found().stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no reactor " + name)).provider());
    }

    /** Skips the test, with the reason, where {@code reactor} cannot run. */
    public static ReactorProvider requireAvailable(ReactorProvider reactor) {
        Availability a = reactor.availability();
        assumeTrue(a.isAvailable(), () -> reactor.name() + " is " + a);
        return reactor;
    }
}
