package io.jswoole.launcher;

import io.jswoole.Server;
import io.jswoole.examples.EchoServer;
import java.util.Map;

/** Application classes for {@code --app}, good and bad. */
public final class TestApps {
    private TestApps() {
    }

    /** A proper application. */
    public static final class Echo {
        public static Server create(String host, int port) {
            return EchoServer.create(host, port, false);
        }
    }

    /** No create method at all. */
    public static final class NoCreate {
    }

    /** create is not static. */
    public static final class InstanceCreate {
        public Server create(String host, int port) {
            return EchoServer.create(host, port);
        }
    }

    /** create returns nothing useful. */
    public static final class ReturnsNull {
        public static Server create(String host, int port) {
            return null;
        }
    }

    /** create fails with an application bug. */
    public static final class Throws {
        public static Server create(String host, int port) {
            throw new IllegalStateException("database unreachable");
        }
    }

    /** create sets a value the settings refuse. */
    public static final class BadSetting {
        public static Server create(String host, int port) {
            return EchoServer.create(host, port).set(Map.of("worker_num", 0));
        }
    }
}
