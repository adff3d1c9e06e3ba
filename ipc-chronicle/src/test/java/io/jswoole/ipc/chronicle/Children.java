package io.jswoole.ipc.chronicle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Child JVMs running {@link ChronicleChild}, always reaped. */
final class Children {
    private Children() {
    }

    /** A child JVM with {@code jvmOptions} running {@link ChronicleChild} with {@code args}. */
    static ProcessBuilder child(List<String> jvmOptions, String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of("-Xmx64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ChronicleChild.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    /** Runs a child to its end (at most 60 s) and returns its standard output. */
    static String run(ProcessBuilder pb) throws IOException, InterruptedException {
        Process p = pb.start();
        try {
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException("the child did not finish");
            }
            return out;
        } finally {
            reap(p);
        }
    }

    static void reap(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
    }
}
