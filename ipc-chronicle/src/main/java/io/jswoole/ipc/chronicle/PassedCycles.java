package io.jswoole.ipc.chronicle;

import io.jswoole.log.Log;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.queue.impl.StoreFileListener;

/**
 * Deletes the inbound queue's cycle files once the reader has passed them. The writer is then
 * past them too (the reader found messages in a later cycle), so the file is no longer needed by
 * either side; unlinking a file the writer still maps is safe, its pages go when the last mapping
 * does.
 *
 * <p>Chronicle reports a cycle file released by this process when the tailer leaves it (possibly
 * from a background thread), and also reports the current cycle at close: only cycles older than
 * the one the reader is in are deleted; the rest wait for {@link #readerAt}.
 */
final class PassedCycles implements StoreFileListener {
    private final List<Released> waiting = new ArrayList<>();
    private int readerCycle = Integer.MIN_VALUE;
    private long deleted;

    private record Released(int cycle, File file) {
    }

    @Override
    public synchronized void onReleased(int cycle, File file) {
        if (cycle < readerCycle) {
            delete(file);
        } else {
            waiting.add(new Released(cycle, file));
        }
    }

    /** The reader is now in {@code cycle}: files of earlier cycles go. Cheap when the cycle is unchanged. */
    synchronized void readerAt(int cycle) {
        if (cycle <= readerCycle) {
            return;
        }
        readerCycle = cycle;
        waiting.removeIf(r -> {
            if (r.cycle() < cycle) {
                delete(r.file());
                return true;
            }
            return false;
        });
    }

    /** Cycle files deleted so far. */
    synchronized long deleted() {
        return deleted;
    }

    private void delete(File file) {
        try {
            if (Files.deleteIfExists(file.toPath())) {
                deleted++;
            }
        } catch (IOException e) {
            Log.debug("deleting a passed queue file " + file + ": " + e);
        }
    }
}
