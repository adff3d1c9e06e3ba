package io.jswoole;

import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.settings.SettingsException;

/** The checks {@code start()} makes before anything runs (the seed's {@code swServer_start_check}). */
final class StartCheck {
    private StartCheck() {
    }

    static void check(Server server) {
        Settings s = server.settings();
        for (Port port : server.ports()) {
            checkPort(port);
        }
        if (s.get(Keys.TASK_WORKER_NUM) > 0 && server.events().onTask() == null) {
            throw new SettingsException(Keys.TASK_WORKER_NUM.key(),
                    "task_worker_num=" + s.get(Keys.TASK_WORKER_NUM) + " requires an onTask callback");
        }
        checkAdmin(s);
        Applicability.check(server);
    }

    /** A TCP admin endpoint has a token that is long enough; a token has a TCP endpoint to guard. */
    private static void checkAdmin(Settings s) {
        String address = s.get(Keys.ADMIN_ADDRESS).trim();
        String token = s.get(Keys.ADMIN_TOKEN);
        if (!address.isEmpty()) {
            int colon = address.lastIndexOf(':');
            String port = colon < 0 ? "" : address.substring(colon + 1);
            if (colon <= 0 || !port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535) {
                throw new SettingsException(Keys.ADMIN_ADDRESS.key(), "admin_address '" + address
                        + "' is not HOST:PORT (such as 127.0.0.1:9502 or [::1]:9502)");
            }
            if (token.length() < Keys.ADMIN_TOKEN_MIN_LENGTH) {
                throw new SettingsException(Keys.ADMIN_TOKEN.key(), "admin_address " + address + " needs admin_token, a"
                        + " secret of at least " + Keys.ADMIN_TOKEN_MIN_LENGTH + " characters that every request carries"
                        + " (Authorization: Bearer <token>)");
            }
        } else if (!token.isEmpty()) {
            throw new SettingsException(Keys.ADMIN_TOKEN.key(), "admin_token guards the TCP admin endpoint, and"
                    + " admin_address is not set: the Unix socket admin.sock needs none (only the server's user reaches it)");
        }
    }

    private static void checkPort(Port port) {
        PortEvents e = port.events();
        if (port.type().isStream() && !e.hasReceive()) {
            throw new SettingsException("onReceive", "port " + port + " needs an onReceive (or onReceiveBuffer) callback");
        }
        if (!port.type().isStream() && e.onPacket() == null) {
            throw new SettingsException("onPacket", "port " + port + " needs an onPacket callback");
        }
        Settings s = port.settings();
        if (s.get(Keys.OPEN_EOF_CHECK) && s.get(Keys.OPEN_LENGTH_CHECK)) {
            throw new SettingsException(Keys.OPEN_LENGTH_CHECK.key(), "port " + port
                    + ": open_eof_check and open_length_check cannot both be on; choose one framing");
        }
        if (s.get(Keys.OPEN_EOF_SPLIT) && s.get(Keys.OPEN_LENGTH_CHECK)) {
            throw new SettingsException(Keys.OPEN_EOF_SPLIT.key(), "port " + port
                    + ": open_eof_split and open_length_check cannot both be on; choose one framing");
        }
        checkOneFraming(port, s);
        if (s.get(Keys.OPEN_HTTP_PROTOCOL) && s.isSet(Keys.HTTP_HEADER_MAX_LENGTH)
                && s.get(Keys.HTTP_HEADER_MAX_LENGTH) > Math.min(s.get(Keys.PACKAGE_MAX_LENGTH), s.get(Keys.BUFFER_INPUT_SIZE))) {
            throw new SettingsException(Keys.HTTP_HEADER_MAX_LENGTH.key(), "port " + port + ": http_header_max_length ("
                    + s.get(Keys.HTTP_HEADER_MAX_LENGTH) + ") is larger than the whole request may be (package_max_length "
                    + s.get(Keys.PACKAGE_MAX_LENGTH) + ", buffer_input_size " + s.get(Keys.BUFFER_INPUT_SIZE)
                    + "); give it at most that");
        }
        if (s.get(Keys.OPEN_LENGTH_CHECK)) {
            int lengthEnd = s.get(Keys.PACKAGE_LENGTH_OFFSET) + lengthSize(s.get(Keys.PACKAGE_LENGTH_TYPE));
            if (s.get(Keys.PACKAGE_BODY_OFFSET) < lengthEnd && s.get(Keys.PACKAGE_BODY_OFFSET) != 0) {
                throw new SettingsException(Keys.PACKAGE_BODY_OFFSET.key(), "port " + port + ": package_body_offset ("
                        + s.get(Keys.PACKAGE_BODY_OFFSET) + ") is inside the length field, which ends at byte " + lengthEnd);
            }
        }
    }

    /** At most one of the length, EOF, HTTP and Redis framings is on. */
    private static void checkOneFraming(Port port, Settings s) {
        java.util.List<String> on = new java.util.ArrayList<>();
        if (s.get(Keys.OPEN_LENGTH_CHECK)) {
            on.add(Keys.OPEN_LENGTH_CHECK.key());
        }
        if (s.get(Keys.OPEN_EOF_CHECK) || s.get(Keys.OPEN_EOF_SPLIT)) {
            on.add(s.get(Keys.OPEN_EOF_SPLIT) ? Keys.OPEN_EOF_SPLIT.key() : Keys.OPEN_EOF_CHECK.key());
        }
        if (s.get(Keys.OPEN_HTTP_PROTOCOL)) {
            on.add(Keys.OPEN_HTTP_PROTOCOL.key());
        }
        if (s.get(Keys.OPEN_REDIS_PROTOCOL)) {
            on.add(Keys.OPEN_REDIS_PROTOCOL.key());
        }
        if (on.size() > 1) {
            throw new SettingsException(on.get(on.size() - 1), "port " + port + ": " + String.join(" and ", on)
                    + " cannot both be on; choose one framing (open_length_check, open_eof_check or open_eof_split,"
                    + " open_http_protocol, open_redis_protocol)");
        }
    }

    /** Bytes of a {@code package_length_type}. */
    static int lengthSize(String type) {
        return switch (type) {
            case "c", "C" -> 1;
            case "s", "S", "n", "v" -> 2;
            default -> 4;
        };
    }
}
