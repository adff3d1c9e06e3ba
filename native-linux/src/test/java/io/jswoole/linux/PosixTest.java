package io.jswoole.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class PosixTest {

    @Test
    void signalZeroFindsThisProcess() throws IOException {
        assertEquals(ProcessHandle.current().pid(), Posix.getpid());
        assertTrue(Posix.kill(Posix.getpid(), 0));
    }

    @Test
    void aReapedProcessIsNoLongerThere() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertFalse(Posix.kill(p.pid(), 0), "ESRCH is false, not an exception");
    }

    @Test
    void killDeliversTheSignal() throws Exception {
        Process p = new ProcessBuilder("sleep", "60").start();
        try {
            assertTrue(Posix.kill(p.pid(), Posix.signalNumber("TERM")));
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            assertEquals(128 + 15, p.exitValue(), "ended by SIGTERM");
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void aPidThatNamesMoreThanOneProcessIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Posix.kill(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Posix.kill(-1, 0));
    }

    @Test
    void aBadSignalIsAnErrnoException() {
        NativeIoException e = assertThrows(NativeIoException.class, () -> Posix.kill(Posix.getpid(), 12345));
        assertEquals(Errno.EINVAL, e.errno());
        assertTrue(e.getMessage().contains("failed: EINVAL"), e.getMessage());
    }

    @Test
    void signalsAreFoundByName() {
        assertEquals(1, Posix.signalNumber("HUP"));
        assertEquals(9, Posix.signalNumber("KILL"));
        assertEquals(10, Posix.signalNumber("USR1"));
        assertEquals(15, Posix.signalNumber("SIGTERM"));
        assertThrows(IllegalArgumentException.class, () -> Posix.signalNumber("NOPE"));
    }

    @Test
    void theOpenFileLimitIsTheOneProcReports() throws IOException {
        ResourceLimit limit = Posix.openFileLimit();
        assertTrue(limit.soft() > 0 && limit.soft() <= limit.hard(), limit.toString());
        String line = Files.readAllLines(Path.of("/proc/self/limits")).stream()
                .filter(l -> l.startsWith("Max open files")).findFirst().orElseThrow();
        String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
        assertEquals(soft.equals("unlimited") ? ResourceLimit.UNLIMITED : Long.parseLong(soft), limit.soft());
        assertEquals(soft.equals("unlimited"), limit.softLimit().isEmpty());
    }

    @Test
    void unlimitedIsTheLargestValue() {
        assertEquals(new ResourceLimit(1024, ResourceLimit.UNLIMITED), ResourceLimit.of(1024, -1));
    }

    @Test
    void setsidMakesAChildTheLeaderOfItsOwnSession() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m"));
        if (Runtime.version().feature() >= 23) {
            command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SetsidChild.class.getName()));
        Process child = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("session " + child.pid(), out.readLine());
            assertEquals(child.pid(), sessionOf(child.pid()), "field 6 of /proc/PID/stat");
            assertEquals("again EPERM", out.readLine(), "a session leader cannot start another");
            child.getOutputStream().close();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, child.exitValue());
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    /** The session id: field 6 of {@code /proc/PID/stat}, counted after the command's closing parenthesis. */
    static long sessionOf(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(after[3]); // state, ppid, pgrp, session
    }
}
