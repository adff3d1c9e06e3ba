package io.jswoole.ipc.chronicle;

import io.jswoole.testing.PipeFixture;
import io.jswoole.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.testing.PipeDriver;
import io.jswoole.testing.PipeMessage;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The chronicle pipe between real processes: a writer killed with SIGKILL, a JVM without Chronicle's options, the user's home. */
@Timeout(120)
class ChildProcessTest {
    @TempDir
    Path shm;
    @TempDir
    Path runDir;

    @Test
    void aWriterKilledMidStreamEndsTheStreamAfterItsLastWholeMessageAndItsLinkIsDeleted() throws Exception {
        try (PipeFixture pipes = ChronicleLinks.open(shm, runDir)) {
            Process child = Children.child(ChronicleJvm.options(), "stream", pipes.listener.address())
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            try {
                PipeChannel channel = pipes.acceptOne();
                Path link = ((ChronicleChannel) channel).linkDir();
                PipeDriver parent = pipes.endpoint(channel, true);
                pipes.pollUntil(() -> parent.received.size() >= 20_000 || parent.finished());
                assertFalse(parent.finished(), "the child is still alive");

                child.destroyForcibly(); // SIGKILL, in the middle of its stream
                Await.pollUntil(pipes.poller, parent::finished);
                assertNull(parent.failure());
                assertTrue(parent.ended());
                List<PipeMessage> got = parent.received;
                for (int i = 0; i < got.size(); i++) {
                    assertEquals(i, got.get(i).session(), "in order, none lost, none torn");
                    assertEquals(i, ByteBuffer.wrap(got.get(i).payload()).getInt());
                    assertEquals(1000, got.get(i).payload().length);
                }
                System.out.printf("killed writer: %,d messages taken before end of stream, %,d doorbell bytes read%n",
                        got.size(), ((ChronicleChannel) channel).ringsRead());
                child.waitFor();
                channel.close();
                assertFalse(Files.exists(link), "the survivor of a dead peer deletes the link");
            } finally {
                Children.reap(child);
            }
        }
        assertEquals(List.of(), ChronicleChannelTest.list(shm));
    }

    @Test
    void aJvmWithoutChroniclesOptionsReportsTheProviderUnavailableNamingTheOption() throws Exception {
        String out = Children.run(Children.child(List.of(), "probe"));
        assertTrue(out.startsWith("unavailable: this JVM was started without the options Chronicle Queue needs"), out);
        assertTrue(out.contains("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED"), out);
        assertTrue(out.contains("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED"), out);

        List<String> onlyOne = List.of("--add-opens=java.base/java.lang.reflect=ALL-UNNAMED");
        out = Children.run(Children.child(onlyOne, "probe"));
        assertTrue(out.contains("--add-exports=java.base/sun.nio.ch=ALL-UNNAMED") && !out.contains("add-opens"), out);

        assertEquals("available", Children.run(Children.child(ChronicleJvm.options(), "probe")).trim());
    }

    @Test
    void worksOnTheModulePathWithTheOptionsForIt() throws Exception {
        List<String> modulePath = new java.util.ArrayList<>();
        List<String> classPath = new java.util.ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            boolean testOnly = e.contains("test-classes") || e.contains("junit") || e.contains("opentest4j")
                    || e.contains("apiguardian") || e.contains("surefire") || e.contains("test-support")
                    || e.contains("unixsock");
            (testOnly ? classPath : modulePath).add(e);
        }
        List<String> options = new java.util.ArrayList<>(List.of("-p", String.join(java.io.File.pathSeparator, modulePath)));
        options.addAll(ChronicleJvm.options("chronicle.core", Runtime.version().feature()));
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:+UseSerialGC"));
        cmd.addAll(options);
        cmd.addAll(List.of("-cp", String.join(java.io.File.pathSeparator, classPath),
                io.jswoole.ipc.chronicle.modular.ModulePathChild.class.getName(), runDir.toString()));
        String out = Children.run(new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT));
        assertEquals("io.jswoole.ipc.chronicle available\nreceived ping", out.trim(), out);
        assertEquals(List.of(), ChronicleChannelTest.list(runDir));
    }

    @Test
    void nothingIsWrittenToTheUsersHomeAndNothingLeftInTheRunDirectory(@TempDir Path home) throws Exception {
        // Only the add-opens/exports: the analytics property is set by the provider itself.
        List<String> options = new java.util.ArrayList<>(ChronicleJvm.requiredOptions("ALL-UNNAMED"));
        options.add("-Duser.home=" + home);
        String out = Children.run(Children.child(options, "loop", runDir.toString()));
        assertEquals("left in the run directory: []", out.trim());
        assertEquals(List.of(), ChronicleChannelTest.list(home), "written to the user's home");
    }
}
