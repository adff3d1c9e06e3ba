package io.jswoole.examples;

import io.jswoole.Server;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The built-in examples by name: {@code echo} ({@link EchoServer}), {@code whoami}
 * ({@link WhoamiServer}), {@code tasks} ({@link TasksServer}), {@code http} ({@link HttpServer}) and
 * {@code kv} ({@link KvServer}). Each entry makes a configured server that has not been started.
 */
public final class Examples {
    /** The host examples listen on when none is given. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** The port examples listen on when none is given (Swoole's customary 9501). */
    public static final int DEFAULT_PORT = 9501;

    private static final Map<String, BiFunction<String, Integer, Server>> ALL;

    static {
        Map<String, BiFunction<String, Integer, Server>> m = new LinkedHashMap<>();
        m.put("echo", EchoServer::create);
        m.put("whoami", WhoamiServer::create);
        m.put("tasks", TasksServer::create);
        m.put("http", HttpServer::create);
        m.put("kv", KvServer::create);
        ALL = Collections.unmodifiableMap(m);
    }

    private Examples() {
    }

    /** Every example by name, in a fixed order; each function takes the host and port. */
    public static Map<String, BiFunction<String, Integer, Server>> all() {
        return ALL;
    }

    /** The examples' names. */
    public static Set<String> names() {
        return ALL.keySet();
    }

    /**
     * A new, unstarted server of the example {@code name} on {@code host:port}.
     *
     * @throws IllegalArgumentException if there is no such example; the message lists the known names
     */
    public static Server create(String name, String host, int port) {
        BiFunction<String, Integer, Server> factory = name == null ? null : ALL.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown example '" + name + "'; known examples: "
                    + String.join(", ", ALL.keySet()));
        }
        return factory.apply(host, port);
    }
}
