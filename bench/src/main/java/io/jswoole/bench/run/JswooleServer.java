package io.jswoole.bench.run;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A jswoole echo server as users run it: the launcher's {@code run --example echo} with the
 * configuration's settings.
 *
 * @param settings Swoole-style settings, e.g. {@code mode=base, reactor=nio, worker_num=1}
 */
public record JswooleServer(String name, Map<String, String> settings, Launcher launcher) implements ServerSpec {

    /** Parses {@code --jswoole "mode=base,reactor=nio"}; {@code name=} overrides the generated name. */
    public static JswooleServer parse(String spec, Launcher launcher) {
        Map<String, String> settings = KeyValues.parse(spec);
        String name = settings.remove("name");
        return new JswooleServer(name != null ? name : nameOf(settings), Collections.unmodifiableMap(settings),
                launcher);
    }

    /**
     * {@code jswoole-base-nio}, then {@code -wN} for {@code worker_num}, {@code -rN} for
     * {@code reactor_num} and {@code -key=value} for any other setting.
     */
    static String nameOf(Map<String, String> settings) {
        StringBuilder sb = new StringBuilder("jswoole");
        sb.append('-').append(settings.getOrDefault("mode", "auto"));
        sb.append('-').append(settings.getOrDefault("reactor", "auto"));
        settings.forEach((k, v) -> {
            switch (k) {
                case "mode", "reactor" -> { }
                case "worker_num" -> sb.append("-w").append(v);
                case "reactor_num" -> sb.append("-r").append(v);
                default -> sb.append('-').append(k).append('=').append(v);
            }
        });
        return sb.toString();
    }

    @Override
    public String describe() {
        return "jswoole echo example, " + settings + ", via " + launcher.describe();
    }

    @Override
    public Map<String, String> environment() {
        return launcher.environment();
    }

    @Override
    public List<String> command(int port) {
        List<String> cmd = new ArrayList<>(launcher.prefix());
        cmd.addAll(List.of("run", "--example", "echo", "--host", "127.0.0.1", "--port", Integer.toString(port)));
        // Stable order: mode and reactor first, then the rest as given.
        settings.entrySet().stream()
                .sorted((a, b) -> Integer.compare(rank(a.getKey()), rank(b.getKey())))
                .forEach(e -> {
                    cmd.add("--set");
                    cmd.add(e.getKey() + "=" + e.getValue());
                });
        return cmd;
    }

    private static int rank(String key) {
        return key.equals("mode") ? 0 : key.equals("reactor") ? 1 : 2;
    }
}
