package io.jswoole.bench.run;

import java.util.List;

/**
 * Any other echo server, given as a command with {@code {port}} where its port goes, e.g. a
 * minimal C epoll echo server as the practical limit of the machine.
 */
public record ExternalServer(String name, String template) implements ServerSpec {

    /** Parses {@code --external "NAME=COMMAND with {port}"}. */
    public static ExternalServer parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0 || !spec.contains("{port}")) {
            throw new IllegalArgumentException("--external expects NAME=COMMAND with {port} in it, not '" + spec + "'");
        }
        return new ExternalServer(spec.substring(0, eq).trim(), spec.substring(eq + 1).trim());
    }

    @Override
    public String describe() {
        return "external: " + template;
    }

    @Override
    public List<String> command(int port) {
        return CommandLineWords.split(template.replace("{port}", Integer.toString(port)));
    }
}
