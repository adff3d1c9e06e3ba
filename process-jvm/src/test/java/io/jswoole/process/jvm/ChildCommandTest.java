package io.jswoole.process.jvm;

import io.jswoole.core.util.JvmArguments;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.process.ChildSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(10)
class ChildCommandTest {
    @TempDir
    Path dir;

    @Test
    void theArgumentsOfACommandLineFileAreTheWordsAfterTheExecutable() throws Exception {
        Path f = Files.write(dir.resolve("cmdline"), "/usr/bin/java\0-cp\0a.jar:b.jar\0-Dx=a b\0Main\0".getBytes());
        assertEquals(Optional.of(List.of("-cp", "a.jar:b.jar", "-Dx=a b", "Main")), JvmArguments.fromCmdline(f));
    }

    @Test
    void aMissingOrEmptyFileGivesNothing() throws Exception {
        assertEquals(Optional.empty(), JvmArguments.fromCmdline(dir.resolve("absent")));
        assertEquals(Optional.empty(), JvmArguments.fromCmdline(Files.write(dir.resolve("empty"), new byte[0])));
    }

    @Test
    void thisJvmsArgumentsAreKnown() {
        assertTrue(JvmArguments.current().isPresent());
    }

    /** The JDK reports a command line just over 4 KiB cut short; the child's would lack the program's arguments. */
    @Test
    void aCommandLineJustOverAPageIsKnownWhole() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = System.getProperty("java.class.path");
        List<String> words = List.of(java, "-cp", classPath, PrintArguments.class.getName(), "first", "last");
        int length = words.stream().mapToInt(w -> w.length() + 1).sum();
        for (int total : new int[] {4_070, 4_098, 4_101, 5_000}) {
            // An entry that names nothing pads the class path to the length wanted.
            String padding = ":" + dir.resolve("p".repeat(Math.max(1, total - length - dir.toString().length() - 2)));
            Process p = new ProcessBuilder(java, "-cp", classPath + padding, PrintArguments.class.getName(), "first", "last")
                    .redirectErrorStream(true).start();
            try {
                String out = new String(p.getInputStream().readAllBytes()).strip();
                assertTrue(p.waitFor(10, TimeUnit.SECONDS));
                assertEquals("last", out, "command line of " + (length + padding.length()) + " bytes");
            } finally {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aPropertyTheSpecSetsIsNotInheritedToo() {
        ChildSpec spec = new ChildSpec("worker", 1, Map.of("jswoole.role", "worker", "jswoole.open_file_limit", "512"),
                List.of());
        List<String> cmd = ChildCommand.build(spec, List.of("-Djswoole.role=manager", "-Djswoole.open_file_limit=1024",
                "-Dother=1", "-cp", "a.jar", "Main"));
        List<String> args = cmd.subList(1, cmd.size());
        assertEquals(Set.of("-Djswoole.role=worker", "-Djswoole.open_file_limit=512"), Set.copyOf(args.subList(0, 2)));
        assertEquals(List.of("-Dother=1", "-cp", "a.jar", "Main"), args.subList(2, args.size()));
    }

    @Test
    void theManagersOwnOptionsAreNotPassedOnToItsWorkers() {
        ChildSpec manager = new ChildSpec("manager", 0, Map.of("jswoole.role", "manager"), List.of("-Xmn4m", "-XX:TieredStopAtLevel=1"));
        List<String> managerCmd = ChildCommand.build(manager, List.of("-Xmn4m", "-Dother=1", "-cp", "a.jar", "Main"), "");
        List<String> managerArgs = managerCmd.subList(1, managerCmd.size());
        assertEquals(List.of("-Djswoole.role=manager", "-Djswoole.own_jvm_options=-Xmn4m -XX:TieredStopAtLevel=1",
                "-Xmn4m", "-Dother=1", "-cp", "a.jar", "-Xmn4m", "-XX:TieredStopAtLevel=1", "Main"), managerArgs);

        ChildSpec worker = new ChildSpec("worker", 1, Map.of("jswoole.role", "worker"), List.of("-Xss1m"));
        List<String> workerCmd = ChildCommand.build(worker, managerArgs, "-Xmn4m -XX:TieredStopAtLevel=1");
        assertEquals(List.of("-Djswoole.role=worker", "-Djswoole.own_jvm_options=-Xss1m",
                "-Xmn4m", "-Dother=1", "-cp", "a.jar", "-Xss1m", "Main"), workerCmd.subList(1, workerCmd.size()),
                "the master's own -Xmn4m stays; the manager's copy and its quick-compiler option do not");
    }

    @Test
    void aChildsOwnOptionsComeAfterTheInheritedOnesSoTheyWin() {
        ChildSpec worker = new ChildSpec("worker", 0, Map.of("jswoole.role", "worker"), List.of("-Xmn2m"));
        List<String> cmd = ChildCommand.build(worker, List.of("-Xmn4m", "-p", "lib", "--add-opens", "java.base/java.lang=ALL-UNNAMED",
                "-m", "app/app.Main", "run", "-Xmn8m"), "");
        assertEquals(List.of("-Djswoole.role=worker", "-Djswoole.own_jvm_options=-Xmn2m", "-Xmn4m", "-p", "lib",
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Xmn2m", "-m", "app/app.Main", "run", "-Xmn8m"),
                cmd.subList(1, cmd.size()), "the child's option just before the module; program arguments untouched");
        assertEquals(2, ChildCommand.launchTarget(List.of("-cp", "a.jar", "Main", "-x")));
        assertEquals(1, ChildCommand.launchTarget(List.of("-Dx=1", "-jar", "app.jar")));
        assertEquals(1, ChildCommand.launchTarget(List.of("-Xmx1g")));
    }
}
