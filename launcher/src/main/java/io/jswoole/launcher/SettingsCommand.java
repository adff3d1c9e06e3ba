package io.jswoole.launcher;

import io.jswoole.settings.Keys;
import io.jswoole.settings.Setting;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code jswoole settings}: the reference of every setting, its scope, default and allowed values. */
@Command(name = "settings",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Prints every setting: key, scope, default and allowed values.")
final class SettingsCommand implements Callable<Integer> {
    private static final String[] HEADINGS = {"KEY", "SCOPE", "DEFAULT", "ALLOWED"};

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADINGS);
        for (Setting<?> s : Keys.all()) {
            rows.add(new String[] {s.key(), s.scope().name().toLowerCase(Locale.ROOT), show(s.defaultValue()), s.allowed()});
        }
        int[] width = new int[HEADINGS.length - 1];
        for (String[] row : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < width.length; i++) {
                line.append(String.format("%-" + width[i] + "s  ", row[i]));
            }
            out.println(line.append(row[row.length - 1]).toString().stripTrailing());
        }
        out.println();
        out.println("server: set on the server only. port: may also be set on each listening port;");
        out.println("  a value set on the server is every port's default.");
        out.println("reactor_num's default is the number of CPUs of this machine.");
        out.println("Give settings with 'jswoole run --config FILE' (key = value per line) or --set key=value.");
        out.flush();
        return 0;
    }

    /** A default as it would be written in a config file. */
    static String show(Object value) {
        if (value instanceof Long size) {
            return size(size);
        }
        if (value instanceof String s) {
            return s.isEmpty() ? "\"\"" : escape(s);
        }
        return String.valueOf(value);
    }

    private static String size(long v) {
        String[] units = {"G", "M", "K"};
        long[] factors = {1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < units.length; i++) {
            if (v != 0 && v % factors[i] == 0) {
                return v / factors[i] + units[i];
            }
        }
        return Long.toString(v);
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\0' -> sb.append("\\0");
                case '\\' -> sb.append("\\\\");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
