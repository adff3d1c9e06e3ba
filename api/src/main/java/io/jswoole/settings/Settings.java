package io.jswoole.settings;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable, validated set of setting values. A value not set here falls back to the
 * {@linkplain #parent() parent} (a port's settings fall back to the server's) and then to the
 * setting's default.
 *
 * <pre>{@code
 * Settings s = Settings.builder()
 *         .set(Keys.WORKER_NUM, 4)                  // typed
 *         .set("open_eof_split", true)              // Swoole's key
 *         .setAll(Map.of("package_eof", "\r\n"))
 *         .build();
 * }</pre>
 */
public final class Settings {
    private static final Settings EMPTY = new Settings(Map.of(), null);

    private final Map<Setting<?>, Object> values;
    private final Settings parent;

    private Settings(Map<Setting<?>, Object> values, Settings parent) {
        this.values = values;
        this.parent = parent;
    }

    /** No values set: every setting has its default. */
    public static Settings empty() {
        return EMPTY;
    }

    /** A builder that accepts every setting. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** A builder that accepts only settings of {@code scope} (a port refuses server-only keys). */
    public static Builder builder(Setting.Scope scope) {
        return new Builder(scope);
    }

    /** Parses a map with Swoole's keys; every key and value is checked. */
    public static Settings of(Map<String, ?> raw) {
        return builder().setAll(raw).build();
    }

    /** The value of {@code setting}: set here, else in the parent, else the default. */
    public <T> T get(Setting<T> setting) {
        Object v = values.get(setting);
        if (v != null) {
            return setting.type().cast(v);
        }
        return parent != null ? parent.get(setting) : setting.defaultValue();
    }

    /** Whether {@code setting} was given explicitly, here or in the parent. */
    public boolean isSet(Setting<?> setting) {
        return values.containsKey(setting) || (parent != null && parent.isSet(setting));
    }

    /** The values given explicitly here (not the parent's), by key. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        values.forEach((k, v) -> m.put(k.key(), v));
        return Collections.unmodifiableMap(m);
    }

    /** These values, falling back to {@code parent} for the ones not set here. */
    public Settings withParent(Settings parent) {
        return new Settings(values, parent);
    }

    /** The settings this one falls back to, or {@code null}. */
    public Settings parent() {
        return parent;
    }

    /** A builder starting from these values (and this parent). */
    public Builder toBuilder() {
        Builder b = new Builder(null);
        b.values.putAll(values);
        b.parent = parent;
        return b;
    }

    @Override
    public String toString() {
        return toMap().toString();
    }

    /** Collects and checks setting values; every error names the key. */
    public static final class Builder {
        private final Setting.Scope scope;
        private final Map<Setting<?>, Object> values = new LinkedHashMap<>();
        private Settings parent;

        private Builder(Setting.Scope scope) {
            this.scope = scope;
        }

        /** Sets a typed value; it is checked as a raw value would be. */
        public <T> Builder set(Setting<T> setting, T value) {
            Objects.requireNonNull(setting, "setting");
            checkScope(setting);
            values.put(setting, setting.parse(value));
            return this;
        }

        /**
         * Sets a value by Swoole key. The value may be of the setting's type or a string as in a
         * config file ({@code "true"}, {@code "2M"}, {@code "\r\n"}).
         *
         * @throws SettingsException for an unknown key (naming the nearest known one) or a bad value
         */
        public Builder set(String key, Object value) {
            Setting<?> setting = lookup(key);
            checkScope(setting);
            values.put(setting, setting.parse(value));
            return this;
        }

        /** Sets every entry of {@code raw}, as {@link #set(String, Object)} does. */
        public Builder setAll(Map<String, ?> raw) {
            raw.forEach(this::set);
            return this;
        }

        /** Adds every value of {@code other} (its explicit values, not its parent's). */
        public Builder setAll(Settings other) {
            other.values.forEach((k, v) -> {
                checkScope(k);
                values.put(k, v);
            });
            return this;
        }

        public Settings build() {
            return new Settings(Collections.unmodifiableMap(new LinkedHashMap<>(values)), parent);
        }

        private void checkScope(Setting<?> setting) {
            if (scope == Setting.Scope.PORT && setting.scope() == Setting.Scope.SERVER) {
                throw new SettingsException(setting.key(), setting.key()
                        + " is a server setting; set it on the Server, not on a listening port");
            }
        }

        private static Setting<?> lookup(String key) {
            Setting<?> setting = Keys.find(key);
            if (setting == null) {
                String near = key == null ? null : Keys.nearest(key);
                throw new SettingsException(key, "unknown setting '" + key + "'"
                        + (near != null ? "; did you mean '" + near + "'?" : "")
                        + " (see the settings reference in the README)");
            }
            return setting;
        }
    }
}
