package io.jswoole.supervision;

import io.jswoole.linux.Identity;
import io.jswoole.linux.Posix;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.settings.SettingsException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Swoole's {@code user} and {@code group}: the processes that run the application's code
 * (workers, task workers, user processes) give up root for that user and group once their ports
 * are bound, while the master and the manager keep root to bind, signal and clean up.
 *
 * <p>What the server's processes share stays reachable: the run directory belongs to root and
 * the group, mode 2770 (files made in it take its group), and the master and the manager create
 * files with the mask 007, so the group may read and write what root made; the System V queue
 * is given to the group too (see the msgqueue provider), and the log file to the user at every
 * reopen. A worker cannot signal a root master, so its {@code shutdown()} goes through the
 * process table ({@link WorkerTable#requestStop()}), which the manager watches.
 */
public final class Privileges {
    /** The mask of the master and the manager: the group reads and writes what they create. */
    private static final int GROUP_SHARED_MASK = 0007;
    private static volatile boolean dropped;

    private Privileges() {
    }

    /** The identity the settings ask for, or null when neither {@code user} nor {@code group} is set. */
    public static Identity wanted(Settings s) {
        String user = s.get(Keys.USER).trim();
        String group = s.get(Keys.GROUP).trim();
        if (user.isEmpty() && group.isEmpty()) {
            return null;
        }
        try {
            return Identity.of(user.isEmpty() ? Integer.toString(Identity.current().uid()) : user, group);
        } catch (Identity.UnknownName e) {
            throw new SettingsException(e.isGroup() ? Keys.GROUP.key() : Keys.USER.key(), e.getMessage());
        }
    }

    /**
     * Refuses at start what cannot work: {@code chroot}, an identity this user cannot take, or one
     * without a process to take it ({@code singleProcess}: the master itself serves), or with the
     * chronicle pipe, whose files only the master's user may open.
     */
    public static void check(Settings s, boolean singleProcess, boolean chroniclePipes) {
        if (!s.get(Keys.CHROOT).isEmpty()) {
            throw new SettingsException(Keys.CHROOT.key(), "chroot is not supported: a JVM loads its classes from its"
                    + " jars and modules as it goes, which a changed root directory would hide; run the server in a"
                    + " container, or under systemd with RootDirectory=, instead");
        }
        Identity want = wanted(s);
        if (want == null) {
            return;
        }
        String key = s.isSet(Keys.USER) ? Keys.USER.key() : Keys.GROUP.key();
        if (!Identity.isSuperuser() && !want.isCurrent()) {
            Identity now = Identity.current();
            throw new SettingsException(key, key + ": running as " + want + " needs the server started as root;"
                    + " it runs as uid " + now.uid() + ", gid " + now.gid());
        }
        if (singleProcess) {
            throw new SettingsException(key, key + ": this server runs in one process (base mode, worker_num=1, no"
                    + " task worker, user process or max_request), whose master must stay root to remove its pid"
                    + " file and run directory; use worker_num=2 or more");
        }
        String why = unreachable(RunDir.base(), want, false);
        if (why != null) {
            throw new SettingsException(key, key + ": " + why + " (the run directory's base; choose another with"
                    + " -Djswoole.run_base=DIR)");
        }
        why = unreadableClassPath(want);
        if (why != null) {
            throw new SettingsException(key, key + ": " + why);
        }
        if (chroniclePipes) {
            throw new SettingsException(key, key + ": the chronicle pipe (buffer_input) keeps its files private to"
                    + " the master's user; use the unixsock pipe with " + key);
        }
    }

    /**
     * In the master, on a run directory just made: when an identity is wanted, shares the
     * directory with its group (root:group, 2770) and makes this process create files the group
     * may use. Nothing otherwise.
     */
    public static void shareRunDir(Path runDir, Settings s) throws IOException {
        Identity want = wanted(s);
        if (want == null || want.isCurrent()) {
            return;
        }
        Posix.chown(runDir.toString(), -1, want.gid());
        Posix.chmod(runDir.toString(), 02770);
        Identity.umask(GROUP_SHARED_MASK);
    }

    /**
     * Why the wanted user may not reach {@code path} (search every directory above it, and read
     * it with {@code read}), or null.
     */
    private static String unreachable(Path path, Identity want, boolean read) {
        try {
            Path p = path.toAbsolutePath();
            if (read && (mode(p, want) & 4) == 0) {
                return want.user() + " may not read " + p;
            }
            for (p = read ? p.getParent() : p; p != null; p = p.getParent()) {
                if ((mode(p, want) & 1) == 0) {
                    return want.user() + " may not pass through " + p + " to " + path;
                }
            }
            return null;
        } catch (IOException e) {
            return "cannot read " + path + ": " + e.getMessage();
        }
    }

    /** The permission bits (rwx as 4, 2, 1) that apply to the wanted user on {@code p}. */
    private static int mode(Path p, Identity want) throws IOException {
        int mode = (int) Files.getAttribute(p, "unix:mode");
        int shift = (int) Files.getAttribute(p, "unix:uid") == want.uid() ? 6
                : (int) Files.getAttribute(p, "unix:gid") == want.gid() ? 3 : 0;
        return (mode >> shift) & 7;
    }

    /** Why the wanted user could not read this JVM's class path (its workers load classes as they go), or null. */
    private static String unreadableClassPath(Identity want) {
        for (String entry : System.getProperty("java.class.path", "").split(java.io.File.pathSeparator)) {
            if (!entry.isEmpty() && Files.exists(Path.of(entry))) {
                String why = unreachable(Path.of(entry), want, true);
                if (why != null) {
                    return why + ", on the class path: the workers load their classes from it as they go";
                }
            }
        }
        return null;
    }

    /** In the master after the log file was reopened: gives it to the user, so workers can reopen it too. */
    public static void shareLogFile(Settings s) {
        Identity want = wanted(s);
        String file = s.get(Keys.LOG_FILE);
        if (want == null || want.isCurrent() || file.isEmpty()) {
            return;
        }
        try {
            Posix.chown(file, want.uid(), want.gid());
        } catch (IOException e) {
            Log.warn("cannot give the log file to " + want + " (" + e.getMessage() + "); the workers keep writing"
                    + " to the old one");
        }
    }

    /**
     * In a worker, task worker or user process, once its ports are bound: becomes the wanted user
     * and group for good. Nothing when none is wanted or the process already is that user.
     */
    public static void dropIn(Settings s) throws IOException {
        Identity want = wanted(s);
        if (want == null || want.isCurrent()) {
            return;
        }
        want.become();
        dropped = true;
        Log.info("running as " + want);
    }

    /** Whether this process gave up root for the {@code user} setting (and may not signal the master). */
    public static boolean dropped() {
        return dropped;
    }

    /** JVM options of child processes when an identity is wanted: no performance-data file in root's directory. */
    public static List<String> childJvmOptions(Settings s) {
        Identity want = wanted(s);
        // A JVM that gave up root could not remove its /tmp/hsperfdata_root/<pid> file at exit.
        return want == null || want.isCurrent() ? List.of() : List.of("-XX:-UsePerfData");
    }
}
