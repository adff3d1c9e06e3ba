package io.jswoole.ipc.chronicle;

import io.jswoole.log.Log;
import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * A read-only mapping, made by this class with the JDK's own API, of the cycle file the reader is
 * in: Chronicle's positions are offsets in that file, so a payload can be handed out as a
 * {@link ByteBuffer} over the very bytes the writer wrote (Chronicle itself offers no
 * {@code ByteBuffer} over its mapping). One view is reused for every message of a cycle; the
 * mapping grows when the file has, and is unmapped at once when the reader leaves the cycle (a
 * deleted file's pages on tmpfs are freed only when the last mapping goes, so the garbage
 * collector is not waited for).
 */
final class CycleMapping {
    private static final sun.misc.Unsafe UNSAFE = unsafe();

    private int cycle = Integer.MIN_VALUE;
    private File file;
    private MappedByteBuffer mapping;
    private ByteBuffer view;

    /**
     * A read-only view of {@code length} bytes at {@code offset} in {@code cycle}'s file (its
     * position and limit frame the payload), or null when the bytes cannot be mapped (beyond
     * 2 GiB into the file, or mapping failed): the caller copies them then.
     */
    ByteBuffer view(int cycle, File file, long offset, int length) {
        if (file == null) {
            return null;
        }
        if (cycle != this.cycle || (file != this.file && !file.equals(this.file))) {
            release();
            this.cycle = cycle;
            this.file = file;
        }
        long end = offset + length;
        if (end > Integer.MAX_VALUE) {
            return null;
        }
        if (mapping == null || end > mapping.capacity()) {
            if (!remap(end)) {
                return null;
            }
        }
        view.limit((int) end).position((int) offset);
        return view;
    }

    private boolean remap(long end) {
        try (FileChannel ch = FileChannel.open(file.toPath(), StandardOpenOption.READ)) {
            long size = Math.min(ch.size(), Integer.MAX_VALUE);
            if (size < end) {
                return false;
            }
            MappedByteBuffer grown = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            release();
            mapping = grown;
            view = grown.asReadOnlyBuffer();
            return true;
        } catch (IOException | RuntimeException e) {
            Log.debug("mapping " + file + " to read in place: " + e);
            return false;
        }
    }

    /** Unmaps the current mapping; the view handed out last must not be used after this. */
    void release() {
        if (mapping != null) {
            MappedByteBuffer m = mapping;
            mapping = null;
            view = null;
            unmap(m);
        }
    }

    /** Unmaps {@code m} now if the JDK lets us (else the garbage collector will); it must not be used after. */
    static void unmap(MappedByteBuffer m) {
        if (UNSAFE != null) {
            UNSAFE.invokeCleaner(m);
        }
    }

    private static sun.misc.Unsafe unsafe() {
        try {
            Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (sun.misc.Unsafe) f.get(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null; // unmapped by the garbage collector instead
        }
    }
}
