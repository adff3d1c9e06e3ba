package io.jswoole.bench.load;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench load}: the load generator on its own. It takes the C load generator's options and
 * prints the same summary and {@code RESULT} line, so either can be put in front of a server.
 */
@Command(name = "load", sortOptions = false, description = {
    "Runs a TCP echo load against a server and prints latency percentiles and a RESULT line.",
    "The options are those of the C load generator; depth 1 is a closed loop."})
public final class LoadCommand implements Callable<Integer> {

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Shows this help.")
    boolean help;

    @Option(names = {"-H", "--host"}, paramLabel = "HOST", defaultValue = "127.0.0.1",
            description = "Server address (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = {"-p", "--port"}, paramLabel = "PORT", defaultValue = "9000",
            description = "Server port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = {"-c", "--connections"}, paramLabel = "N", defaultValue = "100",
            description = "Connections (default: ${DEFAULT-VALUE}).")
    int connections;

    @Option(names = {"-s", "--size"}, paramLabel = "BYTES", defaultValue = "64",
            description = "Message size in bytes (default: ${DEFAULT-VALUE}).")
    int size;

    @Option(names = {"-P", "--depth"}, paramLabel = "D", defaultValue = "1",
            description = "Messages in flight per connection; 1 = closed loop (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = {"-t", "--threads"}, paramLabel = "N", defaultValue = "1",
            description = "Load threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = {"-w", "--warmup"}, paramLabel = "SECONDS", defaultValue = "2",
            description = "Warm-up seconds, not recorded (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS", defaultValue = "10",
            description = "Measured seconds (default: ${DEFAULT-VALUE}).")
    double duration;

    @Option(names = {"-V", "--verify"}, paramLabel = "0|1|2", defaultValue = "2",
            description = "Check the echo: 0 no, 1 first and last 16 bytes of each read, 2 every byte "
                    + "(default: ${DEFAULT-VALUE}; the C load generator's is 1).")
    int verify;

    @Option(names = {"-R", "--reconnect"}, paramLabel = "0|1", defaultValue = "1",
            description = "Reconnect after a connection error: 0 or 1 (default: ${DEFAULT-VALUE}).")
    int reconnect;

    @Option(names = {"-T", "--connect-timeout"}, paramLabel = "SECONDS", defaultValue = "5",
            description = "Connect timeout in seconds (default: ${DEFAULT-VALUE}).")
    double connectTimeout;

    @Option(names = {"-L", "--label"}, paramLabel = "TEXT", defaultValue = "",
            description = "Label printed on the RESULT line.")
    String label;

    @Option(names = "--markers",
            description = "Print 'WINDOW start' and 'WINDOW end' when the measurement window opens and closes.")
    boolean markers;

    @Override
    public Integer call() throws InterruptedException {
        LoadConfig config = new LoadConfig(host, port, connections, size, depth, threads, warmup, duration,
                Verify.ofLevel(verify), reconnect != 0, connectTimeout, label);
        PrintStream out = System.out;
        LoadGenerator generator = new LoadGenerator(config);
        CountDownLatch printed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            generator.stop();
            try {
                printed.await(3, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "loadgen-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        LoadResult result = generator.run(markers ? new MarkerPrinter(out) : WindowListener.NONE);
        out.print(result.summary());
        out.println(result.resultLine());
        out.flush();
        printed.countDown();
        return result.exitStatus();
    }

    /** Runs the load generator: {@code LoadCommand -p PORT -c 100 -s 64 -P 1 -w 2 -d 10}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadCommand()).execute(args));
    }

    /** Prints the window markers the runner waits for. */
    private record MarkerPrinter(PrintStream out) implements WindowListener {
        @Override
        public void windowStarted() {
            out.println("WINDOW start");
            out.flush();
        }

        @Override
        public void windowEnded() {
            out.println("WINDOW end");
            out.flush();
        }
    }
}
