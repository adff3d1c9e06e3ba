package io.jswoole.supervision;

import io.jswoole.linux.Identity;
import io.jswoole.linux.Posix;
import io.jswoole.log.Log;
import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import io.jswoole.settings.SettingsException;
import io.jswoole.spi.process.ProcessRole;
import java.io.File;
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
 *
 * <p>Swoole's {@code chroot}: the same processes, once started and before they give up root,
 * change their root directory to it and enter it ({@code chroot(dir)}, {@code chdir("/")}). A
 * JVM loads its classes as it goes, so each first opens every jar of its class path and module
 * path (which stay open in the class loaders) and loads what the JDK would otherwise read from
 * its own directory or from {@code /dev} later (the time-zone rules, the network libraries, the
 * seed of {@code SecureRandom}). The run directory moves into the new root at the same path,
 * where the master and the manager reach it through a symbolic link left in its place
 * ({@link RunDir#moveInto}), so that its sockets and files keep one name for every process.
 */
public final class Privileges {
    /** The mask of the master and the manager: the group reads and writes what they create. */
    private static final int GROUP_SHARED_MASK = 0007;
    private static volatile boolean dropped;
    private static volatile boolean chrooted;
    /** The capability to call chroot(2), bit 18 of the capability sets. */
    private static final int CAP_SYS_CHROOT = 18;

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

    /** The directory of the {@code chroot} setting, absolute (relative to where the server was launched), or null. */
    public static Path chrootDir(Settings s) {
        String dir = s.get(Keys.CHROOT).trim();
        return dir.isEmpty() ? null : ProcessRole.launchDir().resolve(dir).toAbsolutePath().normalize();
    }

    /**
     * Refuses at start what cannot work: a {@code chroot} directory that is not one, that this
     * process may not change to, or with what a changed root would break; an identity this user
     * cannot take, or one without a process to take it ({@code singleProcess}: the master itself
     * serves), or with the chronicle pipe, whose files only the master's user may open.
     */
    public static void check(Settings s, boolean singleProcess, boolean chroniclePipes) {
        checkChroot(s, singleProcess, chroniclePipes);
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

    private static void checkChroot(Settings s, boolean singleProcess, boolean chroniclePipes) {
        Path dir = chrootDir(s);
        if (dir == null) {
            return;
        }
        String key = Keys.CHROOT.key();
        if (!Files.exists(dir)) {
            throw new SettingsException(key, key + ": " + dir + " does not exist");
        }
        if (!Files.isDirectory(dir)) {
            throw new SettingsException(key, key + ": " + dir + " is not a directory");
        }
        try {
            if (dir.toRealPath().getParent() == null) {
                throw new SettingsException(key, key + ": " + dir + " is the root directory already; unset chroot");
            }
        } catch (IOException e) {
            throw new SettingsException(key, key + ": cannot read " + dir + ": " + e.getMessage());
        }
        if (!Identity.isSuperuser() && !hasCapability(CAP_SYS_CHROOT)) {
            throw new SettingsException(key, key + ": changing the root directory needs the server started as root"
                    + " (or with CAP_SYS_CHROOT); it runs as uid " + Identity.current().uid());
        }
        if (singleProcess) {
            throw new SettingsException(key, key + ": this server runs in one process (base mode, worker_num=1, no"
                    + " task worker, user process or max_request), whose master is not chrooted (it removes its pid"
                    + " file and run directory); use worker_num=2 or more");
        }
        String classDir = classDirectory();
        if (classDir != null) {
            throw new SettingsException(key, key + ": " + classDir + " holds classes in a directory: a chrooted"
                    + " worker could not load those it has not loaded yet; put the application in jars, which stay"
                    + " open across chroot");
        }
        String ipc = s.get(Keys.TASK_IPC_MODE).trim();
        if (s.get(Keys.TASK_WORKER_NUM) > 0 && (ipc.equals("2") || ipc.equals("3") || ipc.equals("msgqueue"))) {
            throw new SettingsException(key, key + ": task_ipc_mode " + ipc + " (the message queue) tells a lost task"
                    + " from a running one by looking its task worker up in /proc, which the new root hides; use"
                    + " task_ipc_mode 1");
        }
        if (!s.get(Keys.LOG_FILE).isEmpty()) {
            throw new SettingsException(key, key + ": a chrooted worker reopens log_file by its path (at log"
                    + " rotation), which then names another file inside the new root; unset log_file and let the"
                    + " service manager keep standard error");
        }
        if (chroniclePipes) {
            throw new SettingsException(key, key + ": the chronicle pipe (buffer_input) tells a live peer from a dead one"
                    + " through /proc, which the new root hides; use the unixsock pipe with chroot");
        }
    }

    /** Whether this process has {@code capability} in its effective set (from /proc/self/status). */
    private static boolean hasCapability(int capability) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    return (Long.parseUnsignedLong(line.substring(7).trim(), 16) >>> capability & 1) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            Log.debug("cannot read this process's capabilities: " + e);
        }
        return false;
    }

    /**
     * The first entry of the class path, or of the module path, that holds classes in a directory
     * rather than in a jar (a directory of jars on the module path is fine), or null.
     */
    private static String classDirectory() {
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isDirectory(Path.of(entry))) {
                return "the class path entry " + entry;
            }
        }
        for (String entry : System.getProperty("jdk.module.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isRegularFile(Path.of(entry, "module-info.class"))) {
                return "the module path entry " + entry;
            }
        }
        return null;
    }

    /**
     * In the master, on a run directory just made: with {@code chroot}, moves it into the new root
     * (see {@link RunDir#moveInto}); when an identity is wanted, shares the directory with its group
     * (root:group, 2770) and makes this process create files the group may use.
     */
    public static void shareRunDir(Path runDir, Settings s) throws IOException {
        Path root = chrootDir(s);
        if (root != null) {
            RunDir.moveInto(runDir, root);
        }
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
     * In a worker, task worker or user process, once its ports are bound: with {@code chroot},
     * changes its root directory to that one and enters it, then becomes the wanted user and group
     * for good, as Swoole's workers do. The user and group are looked up before, in the old root.
     * Nothing when neither is set (the identity also when the process already is that user).
     */
    public static void dropIn(Settings s) throws IOException {
        Identity want = wanted(s);
        Path root = chrootDir(s);
        if (root != null) {
            loadWhatTheOldRootHolds();
            Posix.chroot(root.toString());
            chrooted = true;
            Log.info("root directory " + root);
        }
        if (want == null || want.isCurrent()) {
            return;
        }
        want.become();
        dropped = true;
        Log.info("running as " + want);
    }

    /**
     * Before chroot: what this JVM would otherwise open by path later. Every jar of the class path
     * and of the module path (a lookup of a resource that is nowhere opens each in turn, and the
     * class loaders keep them open); the time-zone rules ({@code lib/tzdb.dat} and
     * {@code /etc/localtime}); the network and NIO libraries and {@code lib/net.properties}; the
     * seed source of {@code SecureRandom} ({@code /dev/urandom}, which it keeps open).
     */
    private static void loadWhatTheOldRootHolds() {
        String absent = "META-INF/jswoole/before-chroot.absent";
        ClassLoader app = ClassLoader.getSystemClassLoader();
        app.getResource(absent);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != app) {
            context.getResource(absent);
        }
        for (Module m : ModuleLayer.boot().modules()) {
            ClassLoader loader = m.getClassLoader();
            if (loader != null && loader != ClassLoader.getPlatformClassLoader()) {
                try (var in = m.getResourceAsStream(absent)) {
                    // opening the module's reader is the point
                } catch (IOException e) {
                    Log.debug("module " + m.getName() + ": " + e);
                }
            }
        }
        java.time.ZoneId.systemDefault().getRules();
        java.util.TimeZone.getDefault();
        java.net.InetAddress.getLoopbackAddress();
        java.net.ProxySelector.getDefault();
        try {
            java.nio.channels.SocketChannel.open(java.net.StandardProtocolFamily.UNIX).close();
            Class.forName("jdk.net.ExtendedSocketOptions", true, ClassLoader.getPlatformClassLoader());
        } catch (IOException | ClassNotFoundException | LinkageError e) {
            Log.debug("before chroot: " + e);
        }
        new java.security.SecureRandom().nextInt();
        io.jswoole.core.util.ProcessAge.anchor(); // its "ready N ms after spawn" line reads /proc
    }

    /** Whether this process gave up root for the {@code user} setting (and may not signal the master). */
    public static boolean dropped() {
        return dropped;
    }

    /**
     * Whether this process changed its root directory for the {@code chroot} setting: it no longer
     * sees {@code /proc}, so the JDK's {@link ProcessHandle} finds no other process.
     */
    public static boolean chrooted() {
        return chrooted;
    }

    /**
     * JVM options of child processes when an identity or a root directory is wanted: no
     * performance-data file in root's temporary directory.
     */
    public static List<String> childJvmOptions(Settings s) {
        Identity want = wanted(s);
        // A JVM that gave up root, or whose root changed, could not remove its
        // /tmp/hsperfdata_root/<pid> file at exit.
        return (want == null || want.isCurrent()) && chrootDir(s) == null ? List.of() : List.of("-XX:-UsePerfData");
    }
}
