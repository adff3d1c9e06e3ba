package io.jswoole.supervision;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * This JVM's own command line, made independent of the working directory for a daemon that runs
 * in {@code /}: every relative path among the JVM options (class and module path entries, agents,
 * class-data archives, argument files, {@code -jar}) is resolved against {@code dir}. What follows
 * the main class, module or jar is the application's and is left as it is.
 */
final class DaemonCommand {
    /** Options whose next argument is a path list. */
    private static final Set<String> PATH_LIST_OPTIONS = Set.of("-cp", "-classpath", "--class-path", "-p", "--module-path",
            "--upgrade-module-path");
    /** Options whose next argument is not a path (it must not be taken for the main class). */
    private static final Set<String> VALUE_OPTIONS = Set.of("--add-modules", "--limit-modules", "--add-reads",
            "--add-exports", "--add-opens", "--patch-module", "--enable-native-access");
    /** Options with a path after a prefix: {@code -javaagent:path=opts}, {@code -XX:SharedArchiveFile=path}. */
    private static final List<String> PATH_PREFIXES = List.of("-javaagent:", "-agentpath:", "-Xbootclasspath/a:",
            "-XX:SharedArchiveFile=", "-XX:ArchiveClassesAtExit=");

    private DaemonCommand() {
    }

    /** The JVM arguments {@code args} with their relative paths resolved against {@code dir}. */
    static List<String> absolute(List<String> args, Path dir) {
        List<String> out = new ArrayList<>(args.size());
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (PATH_LIST_OPTIONS.contains(a) && i + 1 < args.size()) {
                out.add(a);
                out.add(pathList(args.get(++i), dir));
            } else if (a.startsWith("--class-path=") || a.startsWith("--module-path=")) {
                int eq = a.indexOf('=');
                out.add(a.substring(0, eq + 1) + pathList(a.substring(eq + 1), dir));
            } else if (VALUE_OPTIONS.contains(a) && i + 1 < args.size()) {
                out.add(a);
                out.add(args.get(++i));
            } else if (a.equals("-jar") && i + 1 < args.size()) {
                out.add(a);
                out.add(path(args.get(++i), dir));
                out.addAll(args.subList(i + 1, args.size()));
                return out;
            } else if (a.startsWith("@")) {
                out.add("@" + path(a.substring(1), dir));
            } else if (a.startsWith("-")) {
                out.add(prefixedPath(a, dir));
                if (a.equals("-m") || a.equals("--module")) {
                    out.addAll(args.subList(i + 1, args.size()));
                    return out;
                }
            } else {
                out.addAll(args.subList(i, args.size())); // the main class and the application's arguments
                return out;
            }
        }
        return out;
    }

    private static String prefixedPath(String a, Path dir) {
        for (String prefix : PATH_PREFIXES) {
            if (a.startsWith(prefix)) {
                String rest = a.substring(prefix.length());
                int opts = prefix.startsWith("-javaagent") || prefix.startsWith("-agentpath") ? rest.indexOf('=') : -1;
                String file = opts < 0 ? rest : rest.substring(0, opts);
                return prefix + path(file, dir) + (opts < 0 ? "" : rest.substring(opts));
            }
        }
        return a;
    }

    private static String pathList(String list, Path dir) {
        List<String> entries = new ArrayList<>();
        for (String entry : list.split(File.pathSeparator, -1)) {
            entries.add(entry.isEmpty() ? dir.toString() : path(entry, dir)); // an empty entry is the working directory
        }
        return String.join(File.pathSeparator, entries);
    }

    private static String path(String p, Path dir) {
        return p.isEmpty() || Path.of(p).isAbsolute() ? p : dir.resolve(p).toString();
    }
}
