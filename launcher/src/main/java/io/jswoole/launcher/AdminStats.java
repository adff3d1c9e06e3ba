package io.jswoole.launcher;

import io.jswoole.supervision.metrics.AdminClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code jswoole status} shows of a server's {@code GET /stats} answer: the server-wide
 * counters and each process. The answer is the admin endpoint's own flat JSON, read with patterns
 * rather than a parser the launcher would otherwise not need.
 */
record AdminStats(String body, List<Process> processes) {
    private static final Pattern PROCESS = Pattern.compile("\\{\"role\":\"([a-z_]+)\",\"id\":(\\d+),\"pid\":(\\d+),"
            + "\"start_time\":(\\d+),\"requests\":(\\d+),\"state\":\"([a-z]+)\"}");

    /** One process as the server's table has it. */
    record Process(String role, int id, long pid, long startSeconds, long requests, String state) {
    }

    /**
     * The answer of the endpoint in {@code runDir}; null if there is none, or it does not answer as
     * this version does (a server started from other code).
     */
    static AdminStats read(Path runDir) {
        AdminClient.Answer a;
        try {
            a = AdminClient.get(runDir, "/stats");
        } catch (IOException e) {
            return null;
        }
        if (a.status() != 200 || !a.body().contains("\"processes\":[")) {
            return null;
        }
        List<Process> processes = new ArrayList<>();
        Matcher m = PROCESS.matcher(a.body());
        while (m.find()) {
            processes.add(new Process(m.group(1), Integer.parseInt(m.group(2)), Long.parseLong(m.group(3)),
                    Long.parseLong(m.group(4)), Long.parseLong(m.group(5)), m.group(6)));
        }
        return processes.isEmpty() ? null : new AdminStats(a.body(), processes);
    }

    /** A top-level counter ({@code "connection_num"}, ...), -1 if absent. */
    long counter(String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\":(\\d+)").matcher(body);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
