package io.jswoole.settings;

import static io.jswoole.settings.Setting.Scope.PORT;
import static io.jswoole.settings.Setting.Scope.SERVER;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every setting jswoole knows, under Swoole's snake_case names. Use the constants with
 * {@link Settings.Builder#set(Setting, Object)} for type safety, or the names in a map or config
 * file exactly as in Swoole's {@code $server->set([...])}.
 */
public final class Keys {
    private static final Map<String, Setting<?>> ALL = new LinkedHashMap<>();
    private static final int CPUS = Runtime.getRuntime().availableProcessors();
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final String AUTO = "auto";

    // ---- process model ----
    /** {@code base} (every worker runs its own event loop) or {@code process} (master reactor threads, worker processes). */
    public static final Setting<String> MODE = add(Setting.providerName("mode", AUTO,
            "auto, base (or 1, SWOOLE_BASE), process (or 2, SWOOLE_PROCESS), or the name of a Factory provider",
            Setting.aliases("1", "base", "2", "process", "swoole_base", "base", "swoole_process", "process")));
    /** The Reactor provider: {@code epoll}, {@code nio} or {@code auto}. */
    public static final Setting<String> REACTOR = add(Setting.providerName("reactor", AUTO,
            "auto, epoll, nio, or the name of a Reactor provider", Setting.aliases()));
    /** The ProcessPool provider that starts and supervises child processes. */
    public static final Setting<String> PROCESS_POOL = add(Setting.providerName("process_pool", AUTO,
            "auto or the name of a ProcessPool provider", Setting.aliases()));
    public static final Setting<Integer> REACTOR_NUM = add(Setting.integer("reactor_num", SERVER, CPUS, 1, 256));
    public static final Setting<Integer> WORKER_NUM = add(Setting.integer("worker_num", SERVER, 1, 1, 1024));
    public static final Setting<Integer> MAX_REQUEST = add(Setting.integer("max_request", SERVER, 0, 0, Integer.MAX_VALUE));
    public static final Setting<Integer> MAX_CONNECTION = add(Setting.integer("max_connection", SERVER, 100_000, 1, 10_000_000));
    public static final Setting<Integer> TASK_WORKER_NUM = add(Setting.integer("task_worker_num", SERVER, 0, 0, 1024));
    /** 1 unixsock, 2 msgqueue (to a chosen task worker), 3 msgqueue (any idle task worker), or a Pipe provider's name. */
    public static final Setting<String> TASK_IPC_MODE = add(Setting.providerName("task_ipc_mode", "1",
            "1 (unixsock), 2 (msgqueue), 3 (msgqueue with contention), or the name of a Pipe provider", Setting.aliases()));
    /**
     * {@code task_ipc_mode=redis} (module {@code io.jswoole.ipc.redis}): the Redis server's
     * {@code host:port}, whose stream carries the tasks of every server sharing {@link #TASK_REDIS_KEY_PREFIX}.
     */
    public static final Setting<String> TASK_REDIS_ADDRESS = add(Setting.string("task_redis_address", SERVER,
            "127.0.0.1:6379", "host:port"));
    /** The password Redis asks for ({@code requirepass}); empty for none. */
    public static final Setting<String> TASK_REDIS_PASSWORD = add(Setting.string("task_redis_password", SERVER, "",
            "a password, or empty for none"));
    /**
     * Talk to Redis over TLS, checking its certificate against the JVM's trust store (set
     * {@code -Djavax.net.ssl.trustStore} for a private CA).
     */
    public static final Setting<Boolean> TASK_REDIS_TLS = add(Setting.bool("task_redis_tls", SERVER, false));
    /** The start of every Redis key; servers with the same prefix share one task queue. */
    public static final Setting<String> TASK_REDIS_KEY_PREFIX = add(Setting.string("task_redis_key_prefix", SERVER,
            "jswoole", "a non-empty key prefix"));
    /** Milliseconds after which a task whose task worker stopped answering is run by another. */
    public static final Setting<Integer> TASK_REDIS_CLAIM_TIMEOUT = add(Setting.integer("task_redis_claim_timeout",
            SERVER, 30_000, 100, 86_400_000));
    /**
     * How many times a task is handed to a task worker at most: one whose task workers died (or
     * stopped answering) that many times while running it is given up, logged and removed, so that
     * a task that kills every task worker cannot go round for ever.
     */
    public static final Setting<Integer> TASK_REDIS_MAX_DELIVERIES = add(Setting.integer("task_redis_max_deliveries",
            SERVER, 3, 1, 1000));
    public static final Setting<Integer> TASK_MAX_REQUEST = add(Setting.integer("task_max_request", SERVER, 0, 0, Integer.MAX_VALUE));
    public static final Setting<String> TASK_TMPDIR = add(Setting.string("task_tmpdir", SERVER, "/tmp", "a directory path"));
    /** 1 round robin, 2 fd modulo, 3 idle worker, 4 client IP, 5 uid. */
    public static final Setting<Integer> DISPATCH_MODE = add(Setting.integer("dispatch_mode", SERVER, 2, 1, 5));
    /**
     * Swoole's {@code open_cpu_affinity}: each reactor thread and each worker's event loop runs on
     * one CPU, number {@code id} modulo the CPUs left by {@link #CPU_AFFINITY_IGNORE}.
     */
    public static final Setting<Boolean> OPEN_CPU_AFFINITY = add(Setting.bool("open_cpu_affinity", SERVER, false));
    /** The CPUs that {@link #OPEN_CPU_AFFINITY} leaves alone (for interrupts, or another program). */
    public static final Setting<String> CPU_AFFINITY_IGNORE = add(Setting.string("cpu_affinity_ignore", SERVER, "",
            "CPU numbers, comma-separated (such as 1 or 0,3), with open_cpu_affinity"));
    public static final Setting<Boolean> DAEMONIZE = add(Setting.bool("daemonize", SERVER, false));
    public static final Setting<String> PID_FILE = add(Setting.string("pid_file", SERVER, "", "a file path"));
    /**
     * The user that workers, task workers and user processes run as (a name or a number; the
     * server must start as root); the master and the manager keep root. Swoole's {@code user}.
     */
    public static final Setting<String> USER = add(Setting.string("user", SERVER, "", "a user name or number"));
    /** Their group (a name or a number); empty: the user's own group. Swoole's {@code group}. */
    public static final Setting<String> GROUP = add(Setting.string("group", SERVER, "", "a group name or number"));
    /**
     * Swoole's {@code chroot}: the root directory of workers, task workers and user processes, which
     * change to it once started, before taking {@link #USER} and {@link #GROUP} (the server must
     * start as root); the master and the manager keep theirs. The application must be on jars (a
     * class directory is refused), and paths it opens later resolve inside that directory.
     */
    public static final Setting<String> CHROOT = add(Setting.string("chroot", SERVER, "",
            "a directory that becomes / for the workers (needs root; the application on jars)"));
    public static final Setting<String> LOG_FILE = add(Setting.string("log_file", SERVER, "", "a file path"));
    /** The admin endpoint on TCP as well as on its Unix socket (see {@code jswoole stats}); needs {@link #ADMIN_TOKEN}. */
    public static final Setting<String> ADMIN_ADDRESS = add(Setting.string("admin_address", SERVER, "",
            "HOST:PORT (such as 127.0.0.1:9502, [::1]:9502) for the admin endpoint on TCP, or empty for its Unix socket only"));
    /** The secret a TCP admin request must carry ({@code Authorization: Bearer ...}). */
    public static final Setting<String> ADMIN_TOKEN = add(Setting.string("admin_token", SERVER, "",
            "a secret of at least " + Keys.ADMIN_TOKEN_MIN_LENGTH + " characters, with admin_address"));
    /** The shortest admin_token accepted. */
    public static final int ADMIN_TOKEN_MIN_LENGTH = 16;
    public static final Setting<String> LOG_LEVEL = add(Setting.choice("log_level", SERVER, "info",
            Setting.aliases("0", "debug", "1", "trace", "2", "info", "3", "notice", "4", "warning", "5", "error", "6", "none",
                    "swoole_log_debug", "debug", "swoole_log_trace", "trace", "swoole_log_info", "info",
                    "swoole_log_notice", "notice", "swoole_log_warning", "warning", "swoole_log_error", "error",
                    "swoole_log_none", "none", "warn", "warning"),
            "debug", "trace", "info", "notice", "warning", "error", "none"));
    /** Seconds a stopping worker may take before it is killed. */
    public static final Setting<Integer> MAX_WAIT_TIME = add(Setting.integer("max_wait_time", SERVER, 3, 0, 86_400));
    public static final Setting<Boolean> RELOAD_ASYNC = add(Setting.bool("reload_async", SERVER, true));
    /**
     * Seconds between idle-connection sweeps (server-wide); 0 disables the heartbeat unless a
     * {@link #HEARTBEAT_IDLE_TIME} is set, which then implies half of it (at least 1). As in
     * Swoole, the interval is lowered to half the shortest idle time of any port.
     */
    public static final Setting<Integer> HEARTBEAT_CHECK_INTERVAL = add(Setting.integer("heartbeat_check_interval", SERVER, 0, 0, 86_400));
    /**
     * Seconds without received data after which the server closes a connection; 0 means twice
     * the check interval. A port may set its own (Swoole's {@code ListenPort::heartbeat_idle_time}).
     */
    public static final Setting<Integer> HEARTBEAT_IDLE_TIME = add(Setting.integer("heartbeat_idle_time", PORT, 0, 0, 86_400));
    /**
     * Extra JVM options for worker, task worker and user processes (jswoole's own setting; e.g.
     * {@code -Xmx64m -XX:+UseSerialGC}); they come after the options the master was started with.
     */
    public static final Setting<String> WORKER_JVM_OPTIONS = add(Setting.string("worker_jvm_options", SERVER, "",
            "JVM options separated by spaces"));
    /**
     * What happens, in process mode, to the messages a worker was handed and had not finished
     * (a packet is finished when {@code onReceive} returns) when the worker dies without stopping
     * (a crash, {@code kill -9}); jswoole's own setting, Swoole has none. {@code close} (the
     * default): the server closes those connections, so their clients see end of stream at once
     * and can retry; where the dispatch mode delivers onClose (2, 4, 5, a dispatch function),
     * onClose runs in the worker that now serves the connection, normally the dead worker's
     * successor. {@code replay}: those messages are handed to the successor again, in order, so a
     * packet runs at least once (one the dead worker was in the middle of runs again); each
     * reactor thread keeps a copy of what a worker has not finished, up to 8 MiB per worker,
     * and beyond that the oldest are dealt with as by {@code close}. Base mode refuses it: there a
     * worker's connections die with it.
     */
    public static final Setting<String> WORKER_LOST_POLICY = add(Setting.choice("worker_lost_policy", SERVER, "close",
            Setting.aliases(), "close", "replay"));
    /**
     * Process mode: reactor threads hand received data to workers through a shared-memory queue
     * (the {@code chronicle} Pipe provider, module {@code io.jswoole.ipc.chronicle}) instead of
     * {@code unixsock} pipes; {@code buffer_input_size} given on the server bounds what one link
     * holds unread.
     */
    public static final Setting<Boolean> BUFFER_INPUT = add(Setting.bool("buffer_input", SERVER, false));
    /**
     * Process mode: the Pipe provider between reactor threads and workers. {@code auto} is
     * {@code chronicle} with {@code buffer_input=true} and {@code unixsock} otherwise.
     */
    public static final Setting<String> WORKER_PIPE = add(Setting.providerName("worker_pipe", AUTO,
            "auto, unixsock, chronicle, or the name of a Pipe provider", Setting.aliases()));
    /** The largest single {@code send()}; larger sends are refused. */
    public static final Setting<Long> BUFFER_OUTPUT_SIZE = add(Setting.size("buffer_output_size", SERVER, 2 * MIB, 64, GIB));

    // ---- listening sockets ----
    public static final Setting<Integer> BACKLOG = add(Setting.integer("backlog", PORT, 512, 1, 65_535));
    public static final Setting<Boolean> OPEN_TCP_NODELAY = add(Setting.bool("open_tcp_nodelay", PORT, true));
    /** Seconds the kernel holds an accepted connection until data arrives (TCP_DEFER_ACCEPT); 0 off. */
    public static final Setting<Integer> TCP_DEFER_ACCEPT = add(Setting.integer("tcp_defer_accept", PORT, 0, 0, 3600));
    public static final Setting<Boolean> TCP_FASTOPEN = add(Setting.bool("tcp_fastopen", PORT, false));
    public static final Setting<Boolean> OPEN_TCP_KEEPALIVE = add(Setting.bool("open_tcp_keepalive", PORT, false));
    public static final Setting<Integer> TCP_KEEPIDLE = add(Setting.integer("tcp_keepidle", PORT, 3600, 1, 32_767));
    public static final Setting<Integer> TCP_KEEPINTERVAL = add(Setting.integer("tcp_keepinterval", PORT, 60, 1, 32_767));
    public static final Setting<Integer> TCP_KEEPCOUNT = add(Setting.integer("tcp_keepcount", PORT, 5, 1, 127));
    /** Milliseconds unacknowledged data may stay before the kernel drops the connection (TCP_USER_TIMEOUT); 0 off. */
    public static final Setting<Integer> TCP_USER_TIMEOUT = add(Setting.integer("tcp_user_timeout", PORT, 0, 0, Integer.MAX_VALUE));
    /**
     * SO_REUSEPORT; in base mode with worker processes, each worker then binds a socket of its own
     * instead of accepting on the master's one socket.
     */
    public static final Setting<Boolean> ENABLE_REUSE_PORT = add(Setting.bool("enable_reuse_port", PORT, false));
    /** The per-connection output buffer; reading from the client pauses above 80% of it. */
    public static final Setting<Long> SOCKET_BUFFER_SIZE = add(Setting.size("socket_buffer_size", PORT, 2 * MIB, 4096, GIB));
    /** SO_RCVBUF; 0 keeps the kernel's default. */
    public static final Setting<Long> KERNEL_SOCKET_RECV_BUFFER_SIZE = add(Setting.size("kernel_socket_recv_buffer_size", PORT, 0, 0, GIB));
    /** SO_SNDBUF; 0 keeps the kernel's default. */
    public static final Setting<Long> KERNEL_SOCKET_SEND_BUFFER_SIZE = add(Setting.size("kernel_socket_send_buffer_size", PORT, 0, 0, GIB));
    /** The most incoming bytes a connection may hold before they form a whole packet. */
    public static final Setting<Long> BUFFER_INPUT_SIZE = add(Setting.size("buffer_input_size", PORT, 2 * MIB, 1024, GIB));

    // ---- framing ----
    public static final Setting<Boolean> OPEN_EOF_CHECK = add(Setting.bool("open_eof_check", PORT, false));
    public static final Setting<Boolean> OPEN_EOF_SPLIT = add(Setting.bool("open_eof_split", PORT, false));
    public static final Setting<String> PACKAGE_EOF = add(Setting.escaped("package_eof", PORT, "\r\n", 8));
    public static final Setting<Boolean> OPEN_LENGTH_CHECK = add(Setting.bool("open_length_check", PORT, false));
    /** The length field's type, as in PHP's pack(): c C s S n N v V l L. */
    public static final Setting<String> PACKAGE_LENGTH_TYPE = add(Setting.choice("package_length_type", PORT, "N",
            Setting.aliases(), "c", "C", "s", "S", "n", "N", "v", "V", "l", "L"));
    public static final Setting<Integer> PACKAGE_LENGTH_OFFSET = add(Setting.integer("package_length_offset", PORT, 0, 0, 65_535));
    public static final Setting<Integer> PACKAGE_BODY_OFFSET = add(Setting.integer("package_body_offset", PORT, 0, 0, 65_535));
    /** The largest packet a framed port accepts; a larger one closes the connection. */
    public static final Setting<Long> PACKAGE_MAX_LENGTH = add(Setting.size("package_max_length", PORT, 2 * MIB, 16, GIB));
    /**
     * A packet is one HTTP/1.1 request: request line, headers, and the body by Content-Length or
     * chunked transfer coding (delivered as received, chunk framing included).
     */
    public static final Setting<Boolean> OPEN_HTTP_PROTOCOL = add(Setting.bool("open_http_protocol", PORT, false));
    /**
     * The largest request line and header section {@code open_http_protocol} accepts (jswoole's
     * own key); a larger one is answered {@code 431} and closes the connection.
     */
    public static final Setting<Long> HTTP_HEADER_MAX_LENGTH = add(Setting.size("http_header_max_length", PORT, 8 * 1024,
            256, 16 * MIB));
    /** A packet is one Redis (RESP) command, inline or multi-bulk. */
    public static final Setting<Boolean> OPEN_REDIS_PROTOCOL = add(Setting.bool("open_redis_protocol", PORT, false));
    /**
     * A connection's replies leave in the order of its requests even when its packets are handled
     * by different workers (process mode with a dispatch function or a dispatch mode that moves
     * packets): what a worker sends while handling a packet waits in the master until the replies
     * to the connection's earlier packets have left (jswoole's own key; base mode keeps that order
     * anyway). Replies sent later, outside {@code onReceive}, are not held back.
     */
    public static final Setting<Boolean> ORDERED_REPLIES = add(Setting.bool("ordered_replies", PORT, false));

    /**
     * Every connection to the port starts with a PROXY protocol header (version 1 or 2, told apart
     * by its first bytes, as HAProxy's {@code accept-proxy} does; jswoole's own key): the header of
     * a load balancer that sends {@code send-proxy} or {@code send-proxy-v2}. The client's address
     * and port it carries replace the socket's for {@code getClientInfo}, {@code dispatch_mode} 4
     * and the log, so {@code onConnect} fires once the header has been read, not at accept. A
     * header with the {@code LOCAL} command (health checks) or an {@code UNKNOWN} or Unix address
     * keeps the socket's own. A connection whose first bytes are not a valid header, or that ends
     * in the middle of one, is closed with one log line, before any callback; one that ends
     * without sending anything is closed quietly (a plain TCP health check).
     */
    public static final Setting<Boolean> OPEN_PROXY_PROTOCOL = add(Setting.bool("open_proxy_protocol", PORT, false));
    /**
     * The load balancers allowed to connect to a port with {@code open_proxy_protocol}: IP
     * addresses and CIDR networks separated by commas (jswoole's own key). A connection from any
     * other address is closed at accept with one log line, so that nobody else can claim a
     * client's address. Empty (the default): any source may send the header; then only the
     * network (a firewall, a listen address that clients cannot reach) keeps others out.
     */
    public static final Setting<String> PROXY_PROTOCOL_SOURCES = add(Setting.networks("proxy_protocol_sources", PORT));

    private Keys() {
    }

    private static <T> Setting<T> add(Setting<T> s) {
        if (ALL.put(s.key(), s) != null) {
            throw new IllegalStateException("duplicate setting " + s.key());
        }
        return s;
    }

    /** The setting with this key, or {@code null}. */
    public static Setting<?> find(String key) {
        return ALL.get(key);
    }

    /** Every setting, in catalogue order. */
    public static Collection<Setting<?>> all() {
        return Collections.unmodifiableCollection(ALL.values());
    }

    /** The known key closest to {@code key} (for "did you mean"), or {@code null} if none is close. */
    public static String nearest(String key) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String k = key.toLowerCase(java.util.Locale.ROOT);
        for (String candidate : ALL.keySet()) {
            int d = distance(k, candidate);
            if (candidate.contains(k) || k.contains(candidate)) {
                d = Math.min(d, 2);
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, k.length() / 3) ? best : null;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
