package io.jswoole.process.jvm;

import io.jswoole.core.util.JvmArguments;
import io.jswoole.spi.Availability;
import io.jswoole.spi.process.ChildProcess;
import io.jswoole.spi.process.ChildSpec;
import io.jswoole.spi.process.ProcessPoolProvider;
import java.io.IOException;
import java.util.List;

/**
 * The {@code jvm} ProcessPool: each child is a new JVM started with {@link ProcessBuilder}, which
 * closes every descriptor but 0, 1 and 2 in the child, so children inherit nothing they do not
 * need. Standard output and error are shared with the parent; standard input is the parent's
 * lifeline. The environment is the parent's without systemd's variables for the master
 * ({@code NOTIFY_SOCKET}, {@code LISTEN_FDS}, ...).
 */
public final class JvmProcessPoolProvider implements ProcessPoolProvider {
    /**
     * systemd's variables for the process it started, the master: a child that inherited them
     * could notify systemd in the master's name, or take descriptors meant for the master.
     */
    private static final List<String> SERVICE_MANAGER_VARIABLES = List.of("NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID",
            "LISTEN_FDNAMES");

    @Override
    public String name() {
        return "jvm";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public Availability availability() {
        return JvmArguments.current().isPresent() ? Availability.available()
                : Availability.unavailable("this platform does not report the JVM's command line, so children cannot re-run it");
    }

    @Override
    public ChildProcess spawn(ChildSpec spec) throws IOException {
        List<String> args = JvmArguments.current()
                .orElseThrow(() -> new IOException("cannot read this JVM's command line"));
        ProcessBuilder pb = new ProcessBuilder(ChildCommand.build(spec, args))
                .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().keySet().removeAll(SERVICE_MANAGER_VARIABLES);
        return new JvmChildProcess(pb.start());
    }
}
