package io.jswoole.bench.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The processes of a running server, found through Linux's /proc: the manager is the master's
 * child with {@code -Djswoole.role=manager} on its command line (in base mode the master is its
 * own manager), the workers are the manager's children with {@code -Djswoole.role=worker}, each
 * with its {@code -Djswoole.id}.
 */
final class ServerProcesses {
    private ServerProcesses() {
    }

    /**
     * The manager of the server whose master is {@code masterPid}: its manager child, or the
     * master itself when it has worker children (base mode); empty if neither.
     */
    static Optional<Long> manager(long masterPid) {
        Optional<Long> child = ProcessHandle.of(masterPid).stream().flatMap(ProcessHandle::children).map(ProcessHandle::pid)
                .filter(pid -> "manager".equals(property(pid, "jswoole.role"))).findFirst();
        return child.isPresent() || workers(masterPid).isEmpty() ? child : Optional.of(masterPid);
    }

    /** The workers of {@code managerPid}: worker id to pid. */
    static Map<Integer, Long> workers(long managerPid) {
        Map<Integer, Long> workers = new TreeMap<>();
        ProcessHandle.of(managerPid).stream().flatMap(ProcessHandle::children).forEach(h -> {
            String id = property(h.pid(), "jswoole.id");
            if ("worker".equals(property(h.pid(), "jswoole.role")) && id != null) {
                workers.put(Integer.parseInt(id), h.pid());
            }
        });
        return workers;
    }

    /**
     * When process {@code pid} started, to a clock tick (10 ms), or empty if it is gone. The JDK's
     * {@code ProcessHandle.Info.startInstant()} adds the process's start, in ticks since boot, to
     * the boot time of /proc/stat, which is in whole seconds: it is early by the boot time's
     * fraction of a second, which this adds back.
     */
    static Optional<Instant> started(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant()).map(t -> t.plusMillis(bootFractionMillis()));
    }

    /** The boot time from /proc/uptime (1/100 s) minus the whole seconds of /proc/stat's btime. */
    static long bootFractionMillis() {
        String uptime = read(Path.of("/proc/uptime"));
        long now = System.currentTimeMillis();
        String btime = read(Path.of("/proc/stat")).lines().filter(l -> l.startsWith("btime "))
                .findFirst().orElseThrow(() -> new IllegalStateException("no btime in /proc/stat")).substring(6).trim();
        long boot = now - Math.round(Double.parseDouble(uptime.split("\\s+")[0]) * 1000);
        return boot - Long.parseLong(btime) * 1000;
    }

    /** The value of {@code -Dname=} on process {@code pid}'s command line, or null. */
    private static String property(long pid, String name) {
        String cmdline;
        try {
            cmdline = read(Path.of("/proc", Long.toString(pid), "cmdline"));
        } catch (IllegalStateException e) {
            return null; // gone
        }
        String prefix = "-D" + name + "=";
        for (String arg : cmdline.split("\0")) {
            if (arg.startsWith(prefix)) {
                return arg.substring(prefix.length());
            }
        }
        return null;
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
