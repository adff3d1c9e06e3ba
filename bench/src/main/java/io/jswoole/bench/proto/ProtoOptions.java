package io.jswoole.bench.proto;

import io.jswoole.bench.run.Programs;
import io.jswoole.bench.run.Installation;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Option;

/** The options {@code bench http} and {@code bench kv} share: rounds, pinning, timeouts, output. */
public final class ProtoOptions {

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "Rounds; every server is started fresh and measured once per round (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--pin-cpu", paramLabel = "CPU", defaultValue = "1",
            description = "Pin the load client to this CPU with taskset; -1 not to pin (default: ${DEFAULT-VALUE}).")
    int pinCpu;

    @Option(names = "--server-cpus", paramLabel = "LIST",
            description = "The CPUs every server runs on (taskset -c LIST, children included); all for no limit; "
                    + "other for one CPU that is not the load client's (default: see the command's description).")
    String serverCpus;

    @Option(names = "--baseline", paramLabel = "NAME",
            description = "The server to give ratios to (default: see the command's description).")
    String baseline;

    @Option(names = "--server-start-timeout", paramLabel = "SECONDS", defaultValue = "60",
            description = "Seconds a server may take to listen and settle (default: ${DEFAULT-VALUE}).")
    int serverStartTimeout;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Where table.md and the logs go (default: bench/target/bench-results/<command>-<timestamp>).")
    Path output;

    /** Whether {@code cpus} is a value of {@code --server-cpus}: all, other, or a list taskset takes. */
    static boolean validServerCpus(String cpus) {
        return cpus.equals("all") || cpus.equals("other") || cpus.matches("\\d+(-\\d+)?(,\\d+(-\\d+)?)*");
    }

    /**
     * The {@code taskset} prefix that confines the servers to {@code --server-cpus} (or to
     * {@code byDefault} when it is not given); empty for {@code all}, or when there is no taskset
     * or no CPU other than the load client's.
     */
    List<String> serverPinning(String byDefault) {
        String cpus = serverCpus != null ? serverCpus : byDefault;
        if (cpus.equals("all")) {
            return List.of();
        }
        if (cpus.equals("other")) {
            int n = Runtime.getRuntime().availableProcessors();
            if (n < 2) {
                return List.of();
            }
            cpus = Integer.toString(pinCpu == 0 ? 1 : 0);
        }
        String list = cpus;
        return Programs.find("taskset").map(t -> List.of(t.toString(), "-c", list)).orElse(List.of());
    }

    /** {@code --output}, or a fresh directory named after {@code command} and the time. */
    Path outputDir(String command) {
        if (output != null) {
            return output;
        }
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Installation.projectRoot().map(r -> r.resolve("bench/target/bench-results"))
                .orElse(Path.of("bench-results")).resolve(command + "-" + stamp);
    }

    /**
     * The checks every protocol bench makes first: each of {@code servers} is one of {@code known}
     * and the load client {@code client} is installed (from Debian's {@code debianPackage}). Prints
     * what is wrong as {@code bench COMMAND: ...} and returns empty then.
     */
    static Optional<Path> prepare(String command, List<String> servers, List<String> known, String client,
                                  String debianPackage) {
        Optional<String> unknown = servers.stream().filter(s -> !known.contains(s)).findFirst();
        if (unknown.isPresent()) {
            System.err.println("bench " + command + ": unknown server '" + unknown.get() + "' (known: " + known + ")");
            return Optional.empty();
        }
        Optional<Path> found = Programs.find(client);
        if (found.isEmpty()) {
            System.err.println("bench " + command + ": " + client + " is not installed (Debian: apt-get install "
                    + debianPackage + ")");
        }
        return found;
    }
}
