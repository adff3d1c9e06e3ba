package io.jswoole.spi.process;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which part of the server this JVM plays. The process that calls {@code start()} first is the
 * master; every other process is a child JVM that re-ran the application's entry point with these
 * system properties set by its parent (visible in {@code ps}):
 * <pre>
 *   -Djswoole.role=worker -Djswoole.id=3 -Djswoole.run_dir=... -Djswoole.master_pid=...
 *   -Djswoole.providers=mode=base,reactor=nio,process_pool=jvm -Djswoole.ports=0=9501
 * </pre>
 * Code before {@code start()} therefore runs in every process, as with Python's spawn start
 * method: it must build the same server in each.
 *
 * @param kind      the role
 * @param id        the worker id (Swoole's numbering), 0 for master and manager
 * @param runDir    the server's private directory (mode 0700), or {@code null} in a lone master
 * @param masterPid the master's pid
 * @param providers the provider chosen for each setting by the master
 * @param ports     the port number the master resolved for each port id (for ports bound to 0)
 */
public record ProcessRole(Kind kind, int id, Path runDir, long masterPid, Map<String, String> providers,
                          Map<Integer, Integer> ports) {

    /** The roles, as Swoole names them. */
    public enum Kind {
        MASTER, MANAGER, WORKER, TASK_WORKER, USER;

        /** The lower-case name used on command lines and in logs ({@code task_worker}). */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    public static final String ROLE = "jswoole.role";
    public static final String ID = "jswoole.id";
    public static final String RUN_DIR = "jswoole.run_dir";
    public static final String MASTER_PID = "jswoole.master_pid";
    public static final String PROVIDERS = "jswoole.providers";
    public static final String PORTS = "jswoole.ports";
    /**
     * Set in every process of a daemon: the directory the server was launched from. A daemon runs
     * in {@code /} (as Swoole's {@code daemon()} does {@code chdir("/")}), so relative paths are
     * resolved against this one.
     */
    public static final String LAUNCH_DIR = "jswoole.launch_dir";

    public ProcessRole {
        providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
        ports = Collections.unmodifiableMap(new LinkedHashMap<>(ports));
    }

    /** The role of this JVM, read from its system properties; the master when none is set. */
    public static ProcessRole current() {
        String role = System.getProperty(ROLE);
        if (role == null || role.isEmpty()) {
            return new ProcessRole(Kind.MASTER, 0, null, ProcessHandle.current().pid(), Map.of(), Map.of());
        }
        String dir = System.getProperty(RUN_DIR);
        return new ProcessRole(Kind.of(role), Integer.parseInt(System.getProperty(ID, "0")),
                dir == null ? null : Path.of(dir), Long.parseLong(System.getProperty(MASTER_PID, "0")),
                parse(System.getProperty(PROVIDERS, "")), parseInts(System.getProperty(PORTS, "")));
    }

    /**
     * The directory relative paths of the server's settings and command line mean: where the server
     * was launched. That is the working directory, except in a daemon, which runs in {@code /}.
     */
    public static Path launchDir() {
        String dir = System.getProperty(LAUNCH_DIR, "");
        return dir.isEmpty() ? Path.of("").toAbsolutePath() : Path.of(dir);
    }

    /** {@code path} resolved against {@link #launchDir()} in a daemon; unchanged elsewhere, or when absolute or empty. */
    public static String resolveLaunchPath(String path) {
        if (path.isEmpty() || System.getProperty(LAUNCH_DIR, "").isEmpty()) {
            return path;
        }
        return launchDir().resolve(path).toString();
    }

    public boolean isMaster() {
        return kind == Kind.MASTER;
    }

    /** The system properties that make a child JVM play {@code kind}/{@code id} of this server. */
    public Map<String, String> childProperties(Kind childKind, int childId) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(ROLE, childKind.label());
        p.put(ID, Integer.toString(childId));
        p.put(RUN_DIR, runDir.toString());
        p.put(MASTER_PID, Long.toString(masterPid));
        p.put(PROVIDERS, format(providers));
        p.put(PORTS, format(ports));
        p.put(io.jswoole.log.Log.ROUTING, io.jswoole.log.Log.routing());
        p.put(io.jswoole.spi.Providers.INHERITED, io.jswoole.spi.Providers.inheritable());
        return p;
    }

    /** This role with a run directory, chosen providers and resolved ports (the master, before spawning). */
    public ProcessRole with(Path dir, Map<String, String> chosen, Map<Integer, Integer> resolvedPorts) {
        return new ProcessRole(kind, id, dir, masterPid, chosen, resolvedPorts);
    }

    private static String format(Map<?, ?> m) {
        StringBuilder sb = new StringBuilder();
        m.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }

    private static Map<String, String> parse(String s) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : s.split(",")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                m.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return m;
    }

    private static Map<Integer, Integer> parseInts(String s) {
        Map<Integer, Integer> m = new LinkedHashMap<>();
        parse(s).forEach((k, v) -> m.put(Integer.parseInt(k), Integer.parseInt(v)));
        return m;
    }
}
