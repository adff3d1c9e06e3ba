package io.jswoole.log;

import io.jswoole.settings.SettingsException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.TimeZone;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The server's log: one line per event, with the time, the process role and id, and the level, to
 * standard error or to {@code log_file}. Levels follow Swoole's ({@code log_level}). Every
 * process of a server reopens {@code log_file} on {@link #REOPEN_SIGNAL} ({@link #reopen}), so
 * that logrotate can rename the file without {@code copytruncate}.
 *
 * <pre>[2026-11-26 23:50:01.123 master#0 1234] WARNING bind 127.0.0.1:9501 failed: Address already in use</pre>
 *
 * <p><b>Your own logging.</b> Where the application has installed a {@link System.LoggerFinder}
 * (SLF4J's {@code slf4j-jdk-platform-logging}, Log4j's {@code log4j-jpl}), every line goes to the
 * {@link System.Logger} named {@value #LOGGER_NAME} instead, as "{@code worker#3 1234: message}";
 * {@code -Djswoole.log=system} does the same with the JDK's own finder (java.util.logging), and
 * {@code -Djswoole.log=builtin} keeps the line format above whatever is installed. {@code log_level}
 * still filters first; NOTICE maps to INFO. {@code log_file} is refused then: the backend decides
 * where lines go.
 *
 * <p>Warnings that one client can cause again and again (a bad packet, a refused connection) go
 * through a {@link Limited} limiter, so that a flood of bad clients cannot flood the log.
 */
public final class Log {

    /** Swoole's log levels, lowest first. */
    public enum Level {
        DEBUG, TRACE, INFO, NOTICE, WARNING, ERROR, NONE;

        /** The level for a {@code log_level} value such as {@code "warning"}. */
        public static Level of(String name) {
            return valueOf(name.toUpperCase(Locale.ROOT));
        }
    }

    /**
     * The signal on which a process reopens its log file, and the master and the manager pass it
     * on to their children. Swoole uses SIGRTMIN, which the JVM cannot handle; SIGWINCH is not
     * used by the JVM and is harmless to a process without a terminal.
     */
    public static final String REOPEN_SIGNAL = "WINCH";

    /** The System.Logger every line goes to when routed (see the class comment). */
    public static final String LOGGER_NAME = "io.jswoole";
    /** The system property that says where lines go: {@code system}, {@code builtin} or {@code auto}. */
    public static final String ROUTING = "jswoole.log";
    private static final System.Logger ROUTED = routed(System.getProperty(ROUTING, "auto"));
    private static volatile Level level = Level.INFO;
    private static volatile PrintStream out = System.err;
    private static volatile String role = "master#0 " + ProcessHandle.current().pid();
    /** The file written to, or null for standard error. */
    private static String file;

    private Log() {
    }

    /**
     * Sets the level and, when {@code file} is non-empty, appends to that file instead of standard
     * error.
     */
    public static synchronized void configure(Level newLevel, String file) throws IOException {
        if (ROUTED != null && file != null && !file.isEmpty()) {
            throw new SettingsException("log_file", "log_file: the log goes to the System.Logger '" + LOGGER_NAME
                    + "' of the installed logging backend, which decides where lines are written; unset log_file"
                    + " or run with -Djswoole.log=builtin");
        }
        level = newLevel;
        if (file != null && !file.isEmpty()) {
            open(file);
        }
    }

    /**
     * Opens the log file again by its name: after logrotate has renamed it, lines go to a new file
     * of that name. A no-op when logging to standard error; if the file cannot be opened, the old
     * one is kept and the failure logged there. Any thread.
     */
    public static synchronized void reopen() {
        if (file == null) {
            return;
        }
        try {
            open(file);
            info("log file reopened");
        } catch (IOException e) {
            warn("cannot reopen the log file " + file + "; still writing to the old one: " + e.getMessage());
        }
    }

    private static void open(String path) throws IOException {
        PrintStream old = out;
        out = new PrintStream(new FileOutputStream(path, true), true, StandardCharsets.UTF_8);
        file = path;
        if (old != System.err) {
            old.close();
        }
    }

    /**
     * The logger to route to for a {@code jswoole.log} value: {@code system} always, {@code builtin}
     * never, {@code auto} when the installed finder is not one of the JDK's own; null for the line format.
     */
    static System.Logger routed(String mode) {
        boolean route = switch (mode) {
            case "system" -> true;
            case "builtin" -> false;
            default -> {
                Module m = System.LoggerFinder.getLoggerFinder().getClass().getModule();
                yield !(m.isNamed() && (m.getName().equals("java.base") || m.getName().equals("java.logging")));
            }
        };
        return route ? System.getLogger(LOGGER_NAME) : null;
    }

    /**
     * Where this process's lines go, decided: {@code system} or {@code builtin}. A child process is
     * given it, so that it need not look for an installed {@link System.LoggerFinder} itself: with
     * the same class path the answer is the same, and looking scans every jar on it (some 40 ms of
     * a worker's start).
     */
    public static String routing() {
        return ROUTED != null ? "system" : "builtin";
    }

    /** Names this process on every line, e.g. {@code worker#3}. */
    public static void setRole(String roleName, int id) {
        role = roleName + "#" + id + " " + ProcessHandle.current().pid();
    }

    public static boolean isEnabled(Level l) {
        return l.compareTo(level) >= 0 && l != Level.NONE && (ROUTED == null || ROUTED.isLoggable(routedLevel(l)));
    }

    private static System.Logger.Level routedLevel(Level l) {
        return switch (l) {
            case DEBUG -> System.Logger.Level.DEBUG;
            case TRACE -> System.Logger.Level.TRACE;
            case INFO, NOTICE -> System.Logger.Level.INFO;
            case WARNING -> System.Logger.Level.WARNING;
            case ERROR -> System.Logger.Level.ERROR;
            case NONE -> System.Logger.Level.OFF;
        };
    }

    public static void debug(String message) {
        log(Level.DEBUG, message, null);
    }

    public static void info(String message) {
        log(Level.INFO, message, null);
    }

    public static void notice(String message) {
        log(Level.NOTICE, message, null);
    }

    public static void warn(String message) {
        log(Level.WARNING, message, null);
    }

    public static void warn(String message, Throwable t) {
        log(Level.WARNING, message, t);
    }

    public static void error(String message) {
        log(Level.ERROR, message, null);
    }

    public static void error(String message, Throwable t) {
        log(Level.ERROR, message, t);
    }

    /**
     * Loads the time zone's rules, which the first line's time stamp needs, on a thread of its own:
     * reading the JDK's zone database takes a starting child JVM some 20 ms, which its main thread
     * can spend on something else meanwhile. The first line waits for it if it is not done.
     */
    public static void prepareClock() {
        Thread t = new Thread(() -> LocalTime.ZONE.getOffset(0), "jswoole-clock");
        t.setDaemon(true);
        t.start();
    }

    /** Writes one line (and the stack trace of {@code t}, if given) when {@code l} is enabled. */
    public static void log(Level l, String message, Throwable t) {
        if (!isEnabled(l)) {
            return;
        }
        if (ROUTED != null) {
            ROUTED.log(routedLevel(l), role + ": " + message, t);
            return;
        }
        StringBuilder sb = new StringBuilder(64 + message.length());
        sb.append('[');
        LocalTime.append(sb, System.currentTimeMillis());
        sb.append(' ').append(role).append("] ")
                .append(l.name()).append(' ').append(message);
        if (t != null) {
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            sb.append(System.lineSeparator()).append(sw.toString().stripTrailing());
        }
        out.println(sb);
    }

    /** A limiter for warnings of one kind: see {@link #limited}. */
    public static Limited limited(int perSecond) {
        return new Limited(perSecond, System::nanoTime);
    }

    /**
     * Warnings of one kind, at most so many a second: the others are counted, and the next line
     * logged says how many were left out. Any thread.
     */
    public static final class Limited {
        private final int perSecond;
        private final LongSupplier clock;
        private long windowStart;
        private int inWindow;
        private long suppressed;

        Limited(int perSecond, LongSupplier nanoClock) {
            this.perSecond = perSecond;
            this.clock = nanoClock;
            this.windowStart = nanoClock.getAsLong();
        }

        /** Logs {@code message} as a warning unless this second's lines are used up. */
        public void warn(String message) {
            String line;
            synchronized (this) {
                long now = clock.getAsLong();
                if (now - windowStart >= 1_000_000_000L) {
                    windowStart = now;
                    inWindow = 0;
                }
                if (inWindow >= perSecond) {
                    suppressed++;
                    return;
                }
                inWindow++;
                line = suppressed == 0 ? message : message + " (" + suppressed + " like it not logged)";
                suppressed = 0;
            }
            Log.warn(line);
        }
    }

    /**
     * Local time stamps ({@code yyyy-MM-dd HH:mm:ss.SSS}) from the default time zone's offset,
     * without java.time's zone providers (whose lookup scans every jar on the class path) or a
     * {@code DateTimeFormatter}.
     */
    private static final class LocalTime {
        static final TimeZone ZONE = TimeZone.getDefault();

        static void append(StringBuilder sb, long millis) {
            long local = millis + ZONE.getOffset(millis);
            LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(local, 1000), 0, ZoneOffset.UTC);
            sb.append(t.getYear()).append('-');
            two(sb, t.getMonthValue()).append('-');
            two(sb, t.getDayOfMonth()).append(' ');
            two(sb, t.getHour()).append(':');
            two(sb, t.getMinute()).append(':');
            two(sb, t.getSecond()).append('.');
            int ms = (int) Math.floorMod(local, 1000L);
            sb.append((char) ('0' + ms / 100)).append((char) ('0' + ms / 10 % 10)).append((char) ('0' + ms % 10));
        }

        private static StringBuilder two(StringBuilder sb, int value) {
            return sb.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
        }
    }
}
