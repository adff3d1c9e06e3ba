package io.jswoole.bench.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Whether the class-data sharing archive a server was started with can still be used. The JVM
 * drops an archive silently under {@code -Xshare:auto} when a jar on the class path is not the
 * one it was made from (rebuilt since); this runs the launcher's {@code --version} with the
 * master's java, archive and class path under {@code -Xshare:on}, which fails instead.
 */
final class ArchiveCheck {
    private ArchiveCheck() {
    }

    /**
     * Empty if the server {@code masterPid} runs without an archive of its own or the archive is
     * usable; else the JVM's reason.
     */
    static Optional<String> problem(long masterPid) throws IOException, InterruptedException {
        List<String> args = List.of(Files.readString(Path.of("/proc", Long.toString(masterPid), "cmdline"),
                StandardCharsets.UTF_8).split("\0"));
        String archive = null;
        String classPath = null;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).startsWith("-XX:SharedArchiveFile=")) {
                archive = args.get(i);
            } else if (args.get(i).equals("-cp") && i + 1 < args.size()) {
                classPath = args.get(i + 1);
            }
        }
        if (archive == null || classPath == null) {
            return Optional.empty();
        }
        String java = Files.readSymbolicLink(Path.of("/proc", Long.toString(masterPid), "exe")).toString();
        List<String> cmd = new ArrayList<>(List.of(java, archive, "-Xshare:on", "-cp", classPath,
                "io.jswoole.launcher.Main", "--version"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return Optional.of("the check did not finish");
        }
        return p.exitValue() == 0 ? Optional.empty()
                : Optional.of(archive.substring(archive.indexOf('=') + 1) + ": " + output.replace('\n', ' '));
    }
}
