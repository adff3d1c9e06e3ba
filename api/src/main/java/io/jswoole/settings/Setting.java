package io.jswoole.settings;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * One setting: its Swoole snake_case key, value type, default, where it may be set and how a raw
 * value (from a map, a config file or the command line) is parsed and checked. The catalogue of
 * every setting is {@link Keys}.
 *
 * @param <T> the value type: {@link Integer}, {@link Long} (byte sizes), {@link Boolean} or {@link String}
 */
public final class Setting<T> {

    /** Where a setting may be given. */
    public enum Scope {
        /** Only on the server (process model, logging, ...). */
        SERVER,
        /** On a listening port; a value set on the server is the default for every port. */
        PORT
    }

    private final String key;
    private final Class<T> type;
    private final T defaultValue;
    private final Scope scope;
    private final String allowed;
    private final Function<Object, T> parser;

    private Setting(String key, Class<T> type, T defaultValue, Scope scope, String allowed, Function<Object, T> parser) {
        this.key = key;
        this.type = type;
        this.defaultValue = defaultValue;
        this.scope = scope;
        this.allowed = allowed;
        this.parser = parser;
    }

    public String key() {
        return key;
    }

    public Class<T> type() {
        return type;
    }

    public T defaultValue() {
        return defaultValue;
    }

    public Scope scope() {
        return scope;
    }

    /** A description of the allowed values, as used in error messages. */
    public String allowed() {
        return allowed;
    }

    /**
     * Parses and checks a raw value: a value of the setting's type, or a string as it would appear
     * in a config file.
     *
     * @throws SettingsException naming the key and the allowed values
     */
    public T parse(Object raw) {
        if (raw == null) {
            throw new SettingsException(key, key + ": a value is required; allowed: " + allowed);
        }
        try {
            T v = parser.apply(raw);
            if (v == null) {
                throw new IllegalArgumentException();
            }
            return v;
        } catch (IllegalArgumentException e) {
            throw new SettingsException(key, key + ": bad value '" + raw + "'; allowed: " + allowed);
        }
    }

    @Override
    public String toString() {
        return key;
    }

    // ---- factories used by Keys ----

    static Setting<Integer> integer(String key, Scope scope, int def, int min, int max) {
        String allowed = max == Integer.MAX_VALUE ? "an integer >= " + min : "an integer from " + min + " to " + max;
        return new Setting<>(key, Integer.class, def, scope, allowed, raw -> {
            long v = toLong(raw);
            if (v < min || v > max) {
                throw new IllegalArgumentException();
            }
            return (int) v;
        });
    }

    static Setting<Long> size(String key, Scope scope, long def, long min, long max) {
        String allowed = "a byte size from " + min + " to " + max + " (suffix K, M or G allowed)";
        return new Setting<>(key, Long.class, def, scope, allowed, raw -> {
            long v = raw instanceof String s ? parseSize(s.trim()) : toLong(raw);
            if (v < min || v > max) {
                throw new IllegalArgumentException();
            }
            return v;
        });
    }

    static Setting<Boolean> bool(String key, Scope scope, boolean def) {
        return new Setting<>(key, Boolean.class, def, scope, "true or false", raw -> {
            if (raw instanceof Boolean b) {
                return b;
            }
            if (raw instanceof Number n && (n.longValue() == 0 || n.longValue() == 1)) {
                return n.longValue() == 1;
            }
            switch (raw.toString().trim().toLowerCase(Locale.ROOT)) {
                case "true", "on", "yes", "1":
                    return true;
                case "false", "off", "no", "0":
                    return false;
                default:
                    throw new IllegalArgumentException();
            }
        });
    }

    static Setting<String> string(String key, Scope scope, String def, String allowed) {
        return new Setting<>(key, String.class, def, scope, allowed, raw -> {
            if (!(raw instanceof String s)) {
                throw new IllegalArgumentException();
            }
            return s;
        });
    }

    /** A list of IP addresses and CIDR networks ({@link Networks}); empty for none. */
    static Setting<String> networks(String key, Scope scope) {
        return new Setting<>(key, String.class, "", scope,
                "IP addresses and CIDR networks separated by commas (such as 10.0.0.5, 192.168.0.0/16, 2001:db8::/32),"
                        + " or empty", raw -> {
                    if (!(raw instanceof String s)) {
                        throw new IllegalArgumentException();
                    }
                    return Networks.parse(s).toString();
                });
    }

    /** A string with escapes as Swoole config files write them ({@code "\r\n"}), 1 to {@code maxLen} bytes. */
    static Setting<String> escaped(String key, Scope scope, String def, int maxLen) {
        return new Setting<>(key, String.class, def, scope, "1 to " + maxLen + " bytes (escapes \\r \\n \\t \\0 \\\\ allowed)",
                raw -> {
                    if (!(raw instanceof String s)) {
                        throw new IllegalArgumentException();
                    }
                    String v = unescape(s);
                    if (v.isEmpty() || v.length() > maxLen) {
                        throw new IllegalArgumentException();
                    }
                    return v;
                });
    }

    /** One of a fixed set of values; {@code aliases} maps other accepted spellings to them. */
    static Setting<String> choice(String key, Scope scope, String def, Map<String, String> aliases, String... values) {
        String allowed = "one of " + String.join(", ", values);
        return new Setting<>(key, String.class, def, scope, allowed, raw -> {
            String s = raw.toString().trim();
            String v = Arrays.asList(values).contains(s) ? s : aliases.get(s.toLowerCase(Locale.ROOT));
            if (v == null && !s.equals(s.toLowerCase(Locale.ROOT))) {
                String lower = s.toLowerCase(Locale.ROOT);
                v = Arrays.asList(values).contains(lower) ? lower : null;
            }
            if (v == null) {
                throw new IllegalArgumentException();
            }
            return v;
        });
    }

    /**
     * A provider name: {@code auto}, a known alias, or any name of the form {@code [a-z0-9_-]+}
     * (a third-party provider). Whether it exists is checked when providers are resolved.
     */
    static Setting<String> providerName(String key, String def, String described, Map<String, String> aliases) {
        return new Setting<>(key, String.class, def, Scope.SERVER, described, raw -> {
            String s = raw.toString().trim().toLowerCase(Locale.ROOT);
            String v = aliases.getOrDefault(s, s);
            if (!v.matches("[a-z0-9_\\-]+")) {
                throw new IllegalArgumentException();
            }
            return v;
        });
    }

    static Map<String, String> aliases(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }

    private static long toLong(Object raw) {
        if (raw instanceof Integer || raw instanceof Long || raw instanceof Short || raw instanceof Byte) {
            return ((Number) raw).longValue();
        }
        if (raw instanceof String s) {
            return Long.parseLong(s.trim().replace("_", ""));
        }
        throw new IllegalArgumentException();
    }

    static long parseSize(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT).replace("_", "");
        if (t.endsWith("B")) {
            t = t.substring(0, t.length() - 1);
        }
        long mul = 1;
        if (t.endsWith("K")) {
            mul = 1L << 10;
        } else if (t.endsWith("M")) {
            mul = 1L << 20;
        } else if (t.endsWith("G")) {
            mul = 1L << 30;
        }
        if (mul != 1) {
            t = t.substring(0, t.length() - 1);
        }
        return Math.multiplyExact(Long.parseLong(t.trim()), mul);
    }

    static String unescape(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\' || i + 1 == s.length()) {
                sb.append(c);
                continue;
            }
            char n = s.charAt(++i);
            switch (n) {
                case 'r' -> sb.append('\r');
                case 'n' -> sb.append('\n');
                case 't' -> sb.append('\t');
                case '0' -> sb.append('\0');
                case '\\' -> sb.append('\\');
                default -> sb.append('\\').append(n);
            }
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Setting<?> other && other.key.equals(key);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key);
    }
}
