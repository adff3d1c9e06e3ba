package io.jswoole.ipc.msgqueue;

import io.jswoole.log.Log;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The text of a kernel message: one marker byte, then either the message itself ({@link #INLINE})
 * or, for a message too long for the queue, the UTF-8 path of a spill file holding it
 * ({@link #SPILLED}). Spill files are named {@code jswoole-spill-<pid>-<counter>-<random>}, created
 * new (never opening an existing file or following a link) with mode 0600, and deleted by whoever
 * takes the message, or by {@link SysV#drainAndRemove}.
 */
final class MessageCodec {
    static final byte INLINE = 0;
    static final byte SPILLED = 1;
    /** Every spill file's name starts with this; nothing else is ever deleted on a message's word. */
    static final String SPILL_PREFIX = "jswoole-spill-";

    private static final long PID = ProcessHandle.current().pid();
    private static final AtomicLong COUNTER = new AtomicLong();
    private static final Set<StandardOpenOption> CREATE_NEW =
            EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

    private MessageCodec() {
    }

    /**
     * Writes {@code message}'s remaining bytes (its position unchanged) to a new spill file in
     * {@code dir}, creating {@code dir} if it does not exist yet; returns the file's absolute path.
     */
    static Path writeSpill(Path dir, ByteBuffer message) throws IOException {
        Path file = dir.toAbsolutePath().resolve(SPILL_PREFIX + PID + "-" + COUNTER.incrementAndGet() + "-"
                + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
        SeekableByteChannel channel;
        try {
            channel = Files.newByteChannel(file, CREATE_NEW, OWNER_ONLY);
        } catch (NoSuchFileException e) {
            Files.createDirectories(file.getParent());
            channel = Files.newByteChannel(file, CREATE_NEW, OWNER_ONLY);
        }
        try (SeekableByteChannel c = channel) {
            ByteBuffer src = message.duplicate();
            while (src.hasRemaining()) {
                c.write(src);
            }
        } catch (IOException | RuntimeException e) {
            deleteSpill(file);
            throw e;
        }
        return file;
    }

    /** The spill file a received message of {@code length} text bytes names, or null if it is inline. */
    static Path spillPath(SysV.Scratch s, int length) {
        if (length < 2 || s.message.get(SysV.MTYPE_SIZE) != SPILLED) {
            return null;
        }
        byte[] name = new byte[length - 1];
        s.message.get(SysV.MTYPE_SIZE + 1, name);
        try {
            return Path.of(new String(name, StandardCharsets.UTF_8));
        } catch (InvalidPathException e) {
            return null;
        }
    }

    /** The message received into {@code s}, {@code length} text bytes; reads and deletes a spill file. */
    static byte[] decode(SysV.Scratch s, int length) throws IOException {
        return decode(s, length, null);
    }

    /**
     * As {@link #decode(SysV.Scratch, int)}, but with {@code header} given (not null) its first
     * {@code header.remaining()} bytes go there and only the rest is returned.
     */
    static byte[] decode(SysV.Scratch s, int length, ByteBuffer header) throws IOException {
        if (length < 1) {
            throw new IOException("a message without its marker byte (" + length + " bytes) was received");
        }
        int headerLength = header == null ? 0 : header.remaining();
        byte marker = s.message.get(SysV.MTYPE_SIZE);
        if (marker == INLINE) {
            if (length - 1 < headerLength) {
                throw new IOException("a message of " + (length - 1) + " bytes is shorter than its "
                        + headerLength + "-byte header");
            }
            if (header != null) {
                header.put(header.position(), s.message, SysV.MTYPE_SIZE + 1, headerLength);
                header.position(header.limit());
            }
            byte[] out = new byte[length - 1 - headerLength];
            s.message.get(SysV.MTYPE_SIZE + 1 + headerLength, out);
            return out;
        }
        if (marker != SPILLED) {
            throw new IOException("a message with an unknown marker byte " + marker + " was received");
        }
        Path file = spillPath(s, length);
        if (file == null || !isSpillFile(file)) {
            throw new IOException("a spilled message names " + file + ", which is not a spill file");
        }
        try {
            byte[] whole = Files.readAllBytes(file);
            if (header == null) {
                return whole;
            }
            if (whole.length < headerLength) {
                throw new IOException("a spilled message of " + whole.length + " bytes is shorter than its "
                        + headerLength + "-byte header");
            }
            header.put(whole, 0, headerLength);
            return Arrays.copyOfRange(whole, headerLength, whole.length);
        } catch (NoSuchFileException e) {
            throw new IOException("the spill file of a message is gone: " + file, e);
        } finally {
            deleteSpill(file);
        }
    }

    /** Deletes a spill file, logging (not throwing) a failure; a file that is gone is fine. */
    static void deleteSpill(Path file) {
        if (!isSpillFile(file)) {
            Log.warn("not deleting " + file + ", named by a message: not a spill file");
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            Log.warn("cannot delete spill file " + file + ": " + e);
        }
    }

    private static boolean isSpillFile(Path file) {
        Path name = file.getFileName();
        return file.isAbsolute() && name != null && name.toString().startsWith(SPILL_PREFIX);
    }
}
