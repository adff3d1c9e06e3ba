package io.jswoole.testsuite.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real client program (curl, wrk, redis-cli, redis-benchmark) run to completion with a deadline.
 * A missing program fails the test: {@code .ci/run} installs them.
 */
final class ClientTool {
    private ClientTool() {
    }

    /** What a run printed and how it ended. */
    record Result(int exit, String out, String err) {
    }

    /** The program's path on the PATH; fails if there is none. */
    static String require(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError(program + " is not installed (.ci/run installs it: Debian packages curl, wrk,"
                + " redis-tools)");
    }

    /** Runs {@code program args} within {@code timeoutSeconds}; the process is gone when this returns. */
    static Result run(long timeoutSeconds, String program, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(require(program));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("client", ".out");
        Path err = Files.createTempFile("client", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        try {
            boolean done = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            assertTrue(done, String.join(" ", cmd) + " did not end within " + timeoutSeconds + " s");
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.ISO_8859_1),
                    Files.readString(err, StandardCharsets.ISO_8859_1));
        } finally {
            p.destroyForcibly();
            p.waitFor();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
