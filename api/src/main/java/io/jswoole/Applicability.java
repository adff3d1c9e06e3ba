package io.jswoole;

import io.jswoole.settings.Keys;
import io.jswoole.settings.Setting;
import io.jswoole.settings.Settings;
import io.jswoole.settings.SettingsException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Refuses a setting that was given but could have no effect: a TCP option on a port that is not
 * TCP, a framing detail without its framing, a task setting without task workers (or, for the
 * {@code task_redis_*} settings, without {@code task_ipc_mode=redis}). A setting is
 * never accepted and then ignored; the mode's own refusals are the Factory provider's
 * {@link io.jswoole.spi.FactoryProvider#check check}, the reactor's are its socket options'.
 */
final class Applicability {
    private static final Set<Setting<?>> TCP_ONLY = Set.of(Keys.OPEN_TCP_NODELAY, Keys.TCP_DEFER_ACCEPT,
            Keys.TCP_FASTOPEN, Keys.OPEN_TCP_KEEPALIVE, Keys.TCP_KEEPIDLE, Keys.TCP_KEEPINTERVAL, Keys.TCP_KEEPCOUNT,
            Keys.TCP_USER_TIMEOUT, Keys.PROXY_PROTOCOL_SOURCES);
    private static final Set<Setting<?>> KEEPALIVE_TIMING = Set.of(Keys.TCP_KEEPIDLE, Keys.TCP_KEEPINTERVAL,
            Keys.TCP_KEEPCOUNT);
    private static final Set<Setting<?>> STREAM_ONLY = Set.of(Keys.BACKLOG, Keys.SOCKET_BUFFER_SIZE,
            Keys.BUFFER_INPUT_SIZE, Keys.OPEN_EOF_CHECK, Keys.OPEN_EOF_SPLIT, Keys.PACKAGE_EOF, Keys.OPEN_LENGTH_CHECK,
            Keys.PACKAGE_LENGTH_TYPE, Keys.PACKAGE_LENGTH_OFFSET, Keys.PACKAGE_BODY_OFFSET, Keys.PACKAGE_MAX_LENGTH,
            Keys.HEARTBEAT_IDLE_TIME, Keys.OPEN_HTTP_PROTOCOL, Keys.HTTP_HEADER_MAX_LENGTH, Keys.OPEN_REDIS_PROTOCOL,
            Keys.ORDERED_REPLIES, Keys.OPEN_PROXY_PROTOCOL, Keys.PROXY_PROTOCOL_SOURCES);
    private static final Set<Setting<?>> LENGTH_DETAILS = Set.of(Keys.PACKAGE_LENGTH_TYPE, Keys.PACKAGE_LENGTH_OFFSET,
            Keys.PACKAGE_BODY_OFFSET);
    private static final Set<Setting<?>> FRAMED_LIMITS = Set.of(Keys.PACKAGE_MAX_LENGTH, Keys.BUFFER_INPUT_SIZE);
    /** The settings of the {@code redis} Pipe provider (module io.jswoole.ipc.redis). */
    private static final List<Setting<?>> REDIS = List.of(Keys.TASK_REDIS_ADDRESS, Keys.TASK_REDIS_PASSWORD,
            Keys.TASK_REDIS_TLS, Keys.TASK_REDIS_KEY_PREFIX, Keys.TASK_REDIS_CLAIM_TIMEOUT, Keys.TASK_REDIS_MAX_DELIVERIES);

    private Applicability() {
    }

    static void check(Server server) {
        checkPorts(server);
        checkTasks(server);
    }

    /**
     * A port setting given on a port must apply to that port; one given on the server (the
     * default of every port) must apply to at least one of them.
     */
    private static void checkPorts(Server server) {
        List<Port> ports = server.ports();
        for (Port port : ports) {
            for (String key : port.ownSettings().toMap().keySet()) {
                Setting<?> setting = Keys.find(key);
                String why = whyNot(setting, port.type(), port.settings());
                if (why != null) {
                    throw new SettingsException(key, "port " + port + ": " + key + " " + why);
                }
            }
        }
        for (String key : server.settings().toMap().keySet()) {
            Setting<?> setting = Keys.find(key);
            if (setting.scope() != Setting.Scope.PORT
                    || setting == Keys.BUFFER_INPUT_SIZE && server.settings().get(Keys.BUFFER_INPUT)) {
                continue; // on the server with buffer_input, it also bounds the links to the workers
            }
            String why = null;
            for (Port port : ports) {
                why = whyNot(setting, port.type(), port.settings());
                if (why == null) {
                    break;
                }
            }
            if (why != null) {
                throw new SettingsException(key, key + " " + why + (ports.size() > 1 ? ", and no port is one" : ""));
            }
        }
    }

    /** Why {@code setting} can have no effect on a port of {@code type} with {@code s}, or null. */
    static String whyNot(Setting<?> setting, SocketType type, Settings s) {
        boolean tcp = type.isStream() && !type.isUnix();
        if (TCP_ONLY.contains(setting) && !tcp) {
            return "applies to TCP ports only, not " + type;
        }
        if (setting == Keys.ENABLE_REUSE_PORT && type.isUnix()) {
            return "applies to TCP and UDP ports only, not " + type;
        }
        if (STREAM_ONLY.contains(setting) && !type.isStream()) {
            return "applies to stream ports only (TCP, TCP6, UNIX_STREAM), not " + type;
        }
        if (KEEPALIVE_TIMING.contains(setting) && !s.get(Keys.OPEN_TCP_KEEPALIVE)) {
            return "takes effect with open_tcp_keepalive=true only";
        }
        if (LENGTH_DETAILS.contains(setting) && !s.get(Keys.OPEN_LENGTH_CHECK)) {
            return "takes effect with open_length_check=true only";
        }
        if (setting == Keys.PACKAGE_EOF && !s.get(Keys.OPEN_EOF_CHECK) && !s.get(Keys.OPEN_EOF_SPLIT)) {
            return "takes effect with open_eof_check or open_eof_split only";
        }
        if (setting == Keys.HTTP_HEADER_MAX_LENGTH && !s.get(Keys.OPEN_HTTP_PROTOCOL)) {
            return "takes effect with open_http_protocol=true only";
        }
        if (setting == Keys.PROXY_PROTOCOL_SOURCES && !s.get(Keys.OPEN_PROXY_PROTOCOL)) {
            return "takes effect with open_proxy_protocol=true only";
        }
        if (FRAMED_LIMITS.contains(setting) && !s.get(Keys.OPEN_LENGTH_CHECK) && !s.get(Keys.OPEN_EOF_CHECK)
                && !s.get(Keys.OPEN_EOF_SPLIT) && !s.get(Keys.OPEN_HTTP_PROTOCOL) && !s.get(Keys.OPEN_REDIS_PROTOCOL)) {
            return "takes effect with a framing only (open_length_check, open_eof_check, open_eof_split,"
                    + " open_http_protocol or open_redis_protocol): without one, data is handed over as it arrives";
        }
        return null;
    }

    /** Task settings need task workers (task_ipc_mode also serves user processes). */
    private static void checkTasks(Server server) {
        Settings s = server.settings();
        boolean taskWorkers = s.get(Keys.TASK_WORKER_NUM) > 0;
        Map<String, Object> given = s.toMap();
        if (!taskWorkers && given.containsKey(Keys.TASK_MAX_REQUEST.key())) {
            throw new SettingsException(Keys.TASK_MAX_REQUEST.key(), "task_max_request takes effect with task_worker_num > 0 only");
        }
        if (given.containsKey(Keys.TASK_TMPDIR.key()) && (!taskWorkers || !usesQueue(s.get(Keys.TASK_IPC_MODE)))) {
            throw new SettingsException(Keys.TASK_TMPDIR.key(), "task_tmpdir holds tasks too large for a message queue:"
                    + " it takes effect with task_worker_num > 0 and task_ipc_mode 2 or 3 only");
        }
        boolean redis = s.get(Keys.TASK_IPC_MODE).trim().equals("redis");
        for (Setting<?> r : REDIS) {
            if (given.containsKey(r.key()) && (!taskWorkers || !redis)) {
                throw new SettingsException(r.key(), r.key() + " takes effect with task_worker_num > 0 and"
                        + " task_ipc_mode=redis only");
            }
        }
        if (given.containsKey(Keys.TASK_IPC_MODE.key()) && !taskWorkers && server.processes().isEmpty()) {
            throw new SettingsException(Keys.TASK_IPC_MODE.key(),
                    "task_ipc_mode takes effect with task_worker_num > 0 or a user process (addProcess) only");
        }
    }

    private static boolean usesQueue(String taskIpcMode) {
        String m = taskIpcMode.trim();
        return m.equals("2") || m.equals("3") || m.equals("msgqueue");
    }
}
