package io.jswoole.launcher;

import io.jswoole.settings.Keys;
import io.jswoole.settings.Setting;
import io.jswoole.spi.FactoryProvider;
import io.jswoole.spi.Provider;
import io.jswoole.spi.Providers;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.process.ProcessPoolProvider;
import io.jswoole.spi.reactor.ReactorProvider;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code jswoole providers}: for each SPI, the setting that chooses its provider and every
 * provider found on the path, with its priority and whether it can run here.
 */
@Command(name = "providers",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Lists each SPI's providers and the one 'auto' chooses.",
            "",
            "For each SPI (Factory, Reactor, Pipe, ProcessPool): the setting that chooses its provider, "
                    + "then every provider found on the class or module path, best first, with its priority "
                    + "and whether it can run here; '*' marks the one chosen when the setting is auto. "
                    + "A jar put on the path (JSWOOLE_CLASSPATH) adds its providers."})
final class ProvidersCommand implements Callable<Integer> {

    /** One SPI: its heading, interface and the setting that selects its provider. */
    record Spi(String title, Class<? extends Provider> type, Setting<String> setting) {
    }

    static final List<Spi> SPIS = List.of(
            new Spi("Factory", FactoryProvider.class, Keys.MODE),
            new Spi("Reactor", ReactorProvider.class, Keys.REACTOR),
            new Spi("Pipe", PipeProvider.class, Keys.TASK_IPC_MODE),
            new Spi("ProcessPool", ProcessPoolProvider.class, Keys.PROCESS_POOL));

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (Spi spi : SPIS) {
            print(out, spi);
        }
        out.println("* = chosen when the setting is auto");
        out.flush();
        return 0;
    }

    private static void print(PrintWriter out, Spi spi) {
        out.printf("%s (setting %s, default %s)%n", spi.title(), spi.setting().key(), spi.setting().defaultValue());
        List<String> failures = new ArrayList<>();
        List<? extends Providers.Found<?>> found = Providers.list(spi.type(), failures);
        if (found.isEmpty()) {
            out.println("    (none)");
        }
        Providers.Found<?> auto = found.stream().filter(f -> f.availability().isAvailable()).findFirst().orElse(null);
        int width = found.stream().mapToInt(f -> f.name().length()).max().orElse(0);
        for (Providers.Found<?> f : found) {
            out.printf("  %s %-" + width + "s  priority %-4d %s  [%s]%n", f == auto ? "*" : " ", f.name(),
                    f.provider().priority(), ErrorReporter.oneLine(f.availability().toString()),
                    f.provider().getClass().getName());
        }
        for (String failure : failures) {
            out.println("    failed to load: " + ErrorReporter.oneLine(String.valueOf(failure)));
        }
        out.println();
    }
}
