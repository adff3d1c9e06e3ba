package io.jswoole.ipc.redis;

import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.settings.SettingsException;

/**
 * The {@code task_redis_*} settings, checked: where Redis is, how to reach it and log in, the keys'
 * prefix, when a silent task worker's task is claimed and how often a task is handed out at most.
 */
record RedisSettings(String host, int port, String password, boolean tls, String prefix, long claimTimeoutMillis,
                     int maxDeliveries) {

    static RedisSettings of(Settings s) {
        String address = s.get(Keys.TASK_REDIS_ADDRESS).trim();
        String key = Keys.TASK_REDIS_ADDRESS.key();
        int colon = address.lastIndexOf(':');
        if (colon <= 0 || colon == address.length() - 1) {
            throw new SettingsException(key, key + ": '" + address + "' is not host:port (such as 127.0.0.1:6379)");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // [::1]:6379
        }
        int port;
        try {
            port = Integer.parseInt(address.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65_535) {
            throw new SettingsException(key, key + ": '" + address + "' has no port from 1 to 65535 after the last ':'");
        }
        String prefix = s.get(Keys.TASK_REDIS_KEY_PREFIX);
        String prefixKey = Keys.TASK_REDIS_KEY_PREFIX.key();
        if (prefix.isBlank() || prefix.chars().anyMatch(c -> c <= ' ')) {
            throw new SettingsException(prefixKey, prefixKey + ": '" + prefix + "' must be non-empty, without spaces");
        }
        return new RedisSettings(host, port, s.get(Keys.TASK_REDIS_PASSWORD), s.get(Keys.TASK_REDIS_TLS), prefix,
                s.get(Keys.TASK_REDIS_CLAIM_TIMEOUT), s.get(Keys.TASK_REDIS_MAX_DELIVERIES));
    }

    /** host:port as given, for messages. */
    String address() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The stream every server with this prefix sends its tasks to. */
    String tasksKey() {
        return prefix + ":tasks";
    }

    /** The consumer group of every task worker. */
    String group() {
        return "task_workers";
    }

    /** The list where a worker process's results arrive. */
    String resultsKey(String processId) {
        return prefix + ":results:" + processId;
    }
}
