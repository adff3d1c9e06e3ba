package io.jswoole.core.util;

import io.jswoole.linux.CpuAffinity;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.settings.SettingsException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * {@code open_cpu_affinity} and {@code cpu_affinity_ignore}: as in Swoole, reactor thread
 * {@code i} and worker {@code i} each run on one CPU, the {@code i}-th (modulo their number) of
 * the machine's CPUs less the ignored ones. It keeps a busy event loop on its CPU, where the
 * scheduler would otherwise move a loop that sleeps often onto the CPU of whatever wakes it.
 */
public final class Affinity {
    private Affinity() {
    }

    /**
     * The CPUs to pin to, or an empty list without {@code open_cpu_affinity}.
     *
     * @throws SettingsException if cpu_affinity_ignore is not a list of this machine's CPUs, or leaves none
     */
    public static List<Integer> cpus(Settings s) {
        int online = Runtime.getRuntime().availableProcessors();
        TreeSet<Integer> ignored = new TreeSet<>();
        String raw = s.get(Keys.CPU_AFFINITY_IGNORE).trim();
        if (!raw.isEmpty()) {
            if (!s.get(Keys.OPEN_CPU_AFFINITY)) {
                throw new SettingsException(Keys.CPU_AFFINITY_IGNORE.key(), "cpu_affinity_ignore applies with"
                        + " open_cpu_affinity=true only");
            }
            for (String word : raw.split(",")) {
                int cpu;
                try {
                    cpu = Integer.parseInt(word.trim());
                } catch (NumberFormatException e) {
                    cpu = -1;
                }
                if (cpu < 0 || cpu >= online) {
                    throw new SettingsException(Keys.CPU_AFFINITY_IGNORE.key(), "'" + word.trim() + "' is not a CPU of this"
                            + " machine: give CPU numbers from 0 to " + (online - 1) + ", comma-separated");
                }
                ignored.add(cpu);
            }
        }
        List<Integer> cpus = new ArrayList<>();
        if (!s.get(Keys.OPEN_CPU_AFFINITY)) {
            return cpus;
        }
        for (int cpu = 0; cpu < online; cpu++) {
            if (!ignored.contains(cpu)) {
                cpus.add(cpu);
            }
        }
        if (cpus.isEmpty()) {
            throw new SettingsException(Keys.CPU_AFFINITY_IGNORE.key(), "cpu_affinity_ignore=" + raw
                    + " leaves no CPU of the " + online + " for open_cpu_affinity");
        }
        return cpus;
    }

    /** With {@code open_cpu_affinity}, pins the calling thread, the event loop of {@code what} {@code id}, to its CPU. */
    public static void pinCurrentThread(Settings s, String what, int id) {
        List<Integer> cpus = cpus(s);
        if (cpus.isEmpty()) {
            return;
        }
        int cpu = cpus.get(Math.floorMod(id, cpus.size()));
        try {
            CpuAffinity.pinCurrentThread(cpu);
            Log.debug(what + " " + id + " runs on CPU " + cpu + " (open_cpu_affinity)");
        } catch (IOException e) {
            Log.warn(what + " " + id + " cannot be pinned to CPU " + cpu + " (open_cpu_affinity): " + e.getMessage());
        }
    }
}
