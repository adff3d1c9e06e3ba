package io.jswoole.ipc.chronicle.modular;

import io.jswoole.spi.Providers;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeListener;
import io.jswoole.spi.pipe.PipeProvider;
import io.jswoole.spi.reactor.ReactorProvider;
import io.jswoole.spi.reactor.Transport;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A child process for tests, run from the class path while the provider and Chronicle are on the
 * module path (hence a package of its own): finds the provider through ServiceLoader, prints the
 * module it came from and its availability, and sends one message through a link.
 */
public final class ModulePathChild {
    private ModulePathChild() {
    }

    public static void main(String[] args) throws Exception {
        PipeProvider pipes = Providers.list(PipeProvider.class).stream()
                .map(Providers.Found::provider).filter(p -> p.name().equals("chronicle")).findFirst().orElseThrow();
        System.out.println(pipes.getClass().getModule().getName() + " " + pipes.availability());
        Transport transport = Providers.select(ReactorProvider.class, "reactor", "nio").transport();
        try (PipeListener listener = pipes.listen(Path.of(args[0]), "modular", transport);
             PipeChannel client = pipes.connect(listener.address(), transport)) {
            PipeChannel server = null;
            while (server == null) {
                server = listener.accept();
            }
            try (PipeChannel s = server) {
                client.offer(1, 0, 0, 1, ByteBuffer.wrap("ping".getBytes()));
                client.flush();
                String[] got = {null};
                while (got[0] == null) {
                    s.receive((t, f, r, session, p) -> {
                        byte[] b = new byte[p.remaining()];
                        p.get(p.position(), b);
                        got[0] = new String(b);
                    });
                }
                System.out.println("received " + got[0]);
            }
        }
    }
}
