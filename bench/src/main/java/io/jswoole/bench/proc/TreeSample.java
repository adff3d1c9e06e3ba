package io.jswoole.bench.proc;

import java.util.ArrayList;
import java.util.List;

/**
 * CPU time (user plus system, and user alone) and resident memory of a process and all its
 * descendants at one moment: a server is measured as the sum of all of its processes.
 */
public record TreeSample(long nanoTime, double cpuSeconds, double userSeconds, long rssBytes, int processes) {

    /** Samples the tree rooted at {@code pid}. */
    public static TreeSample of(long pid) {
        long now = System.nanoTime();
        double cpu = 0;
        double user = 0;
        long rss = 0;
        int n = 0;
        for (long p : pids(pid)) {
            double[] t = ProcFs.cpuTimes(p);
            if (t != null) {
                cpu += t[0] + t[1];
                user += t[0];
                rss += ProcFs.rssBytes(p);
                n++;
            }
        }
        return new TreeSample(now, cpu, user, rss, n);
    }

    /** {@code pid} and every live descendant of it. */
    static List<Long> pids(long pid) {
        List<Long> pids = new ArrayList<>();
        pids.add(pid);
        ProcessHandle.of(pid).ifPresent(h -> h.descendants().forEach(d -> pids.add(d.pid())));
        return pids;
    }
}
