package io.jswoole.linux.libc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The copies of the native library that killed processes left in the temporary directory are removed. */
@Timeout(30)
class StaleCopiesTest {
    @TempDir
    Path dir;

    @Test
    void theCopyOfADeadProcessGoesAndTheRestStays() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        Path stale = Files.createFile(dir.resolve("jswoole-" + gone.pid() + "-1f.so"));
        Path mine = Files.createFile(dir.resolve("jswoole-" + ProcessHandle.current().pid() + "-2f.so"));
        Path notACopy = Files.createFile(dir.resolve("jswoole-notes.so"));
        Path other = Files.createFile(dir.resolve("libother-" + gone.pid() + ".so"));

        assertEquals(1, NativeLibrary.removeStaleCopies(dir));
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(mine) && Files.exists(notACopy) && Files.exists(other));
    }
}
