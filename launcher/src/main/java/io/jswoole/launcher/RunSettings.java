package io.jswoole.launcher;

import io.jswoole.settings.Settings;
import io.jswoole.settings.SettingsException;
import io.jswoole.spi.process.ProcessRole;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings {@code jswoole run} gives the server: the config file's, then the {@code --set}
 * options', a later value replacing an earlier one. Each is checked here, so that an error names
 * the file and line or the option as well as the key.
 */
final class RunSettings {
    private RunSettings() {
    }

    /**
     * The merged values by key, as strings for {@link io.jswoole.Server#set(Map)}.
     *
     * @param configFile the config file, or {@code null}
     * @param sets       the {@code --set key=value} options, in order
     * @throws UsageException for an unreadable file, a malformed line or option, an unknown key or a bad value
     */
    static Map<String, String> collect(Path configFile, List<String> sets) {
        List<Assignment> all = new ArrayList<>();
        if (configFile != null) {
            // a daemon runs in /: a relative file name means one where the server was launched
            all.addAll(ConfigFile.read(Path.of(ProcessRole.resolveLaunchPath(configFile.toString()))));
        }
        for (String s : sets) {
            all.add(Assignment.parse(s, "--set " + s));
        }
        Map<String, String> values = new LinkedHashMap<>();
        Settings.Builder check = Settings.builder();
        for (Assignment a : all) {
            try {
                check.set(a.key(), a.value());
            } catch (SettingsException e) {
                throw new UsageException(a.origin() + ": " + e.getMessage(), e);
            }
            values.put(a.key(), a.value());
        }
        return values;
    }
}
