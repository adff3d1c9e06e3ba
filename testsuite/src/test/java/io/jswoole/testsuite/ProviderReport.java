package io.jswoole.testsuite;

import io.jswoole.spi.Providers;
import io.jswoole.spi.reactor.ReactorProvider;

/** A child JVM's view of the reactors: the one {@code reactor=auto} picks, then each one found. */
public final class ProviderReport {
    private ProviderReport() {
    }

    public static void main(String[] args) {
        System.out.println("auto=" + Providers.select(ReactorProvider.class, "reactor", "auto").name());
        for (Providers.Found<ReactorProvider> f : Providers.list(ReactorProvider.class)) {
            System.out.println(f.name() + "=" + f.availability());
        }
    }
}
