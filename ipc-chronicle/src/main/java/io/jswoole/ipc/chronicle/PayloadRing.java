package io.jswoole.ipc.chronicle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One direction's ring of messages: a file of a fixed power-of-two size, mapped by both processes
 * of a link, whose pages are written again and again. An append-only queue gives every byte a page
 * nobody has touched, and a page fault costs more than the copy it holds once hundreds of
 * megabytes a second go through; the ring carries the messages and the Chronicle queue only what
 * the ring cannot hold ({@link ChronicleChannel}).
 *
 * <p>Each entry starts with an int: a message's payload length (its {@linkplain MessageHeader
 * header} and payload follow, rounded up to 8 bytes), or a mark: {@link #WRAP} (the writer went
 * on at the start of the file: a message never crosses its end) or {@link #TO_QUEUE}. Positions
 * are counted from the start of the link and never wrap; a position's place in the file is its
 * remainder by the size. The writer publishes its position, and the reader its own once a
 * handler has returned, in the {@link ControlBlock}; the writer uses the bytes up to one size
 * ahead of the reader.
 *
 * <p>The file is sparse. Whenever the reader has taken everything, the writer goes on at the start
 * of the file (telling the reader through the {@link ControlBlock}, not with a mark), so a link
 * holds the pages of its largest backlog, not of the ring's size: a link of small messages keeps
 * using its first pages. The writer gives tmpfs each new stretch of the file by writing zeros to it
 * through the file before it maps its first message there, so that a full tmpfs fails that write
 * with an error, never a write into the mapping with a SIGBUS.
 */
final class PayloadRing {
    /** The default size of a ring: 1 MiB. */
    static final int DEFAULT_SIZE = 1 << 20;
    /** The smallest size a ring may have. */
    static final int MIN_SIZE = 4 << 10;
    /** In place of a payload length: the writer went on at the start of the file. */
    static final int WRAP = -2;
    /** In place of a payload length: the next messages are in the queue, up to a document that sends the reader back. */
    static final int TO_QUEUE = -1;
    /** The room a mark takes. */
    static final int MARK_SPAN = 8;

    /** The stretch of the file given memory at a time, as the writer first goes beyond what it has used. */
    private static final int BACKING_STEP = 64 << 10;

    private final FileChannel file;
    private final MappedByteBuffer mapping;
    private final ByteBuffer view;
    private final int mask;
    /** How much of the file, from its start, has been given memory by this (writing) end. */
    private int backed;

    private PayloadRing(FileChannel file, MappedByteBuffer mapping) {
        this.file = file;
        this.mapping = mapping;
        this.mask = mapping.capacity() - 1;
        mapping.order(ByteOrder.nativeOrder());
        this.view = mapping.asReadOnlyBuffer().order(ByteOrder.BIG_ENDIAN); // as any ByteBuffer a handler is given
    }

    /** Makes {@code file}, sparse, of {@code size} bytes (a power of two, at least {@value #MIN_SIZE}), and maps it. */
    static PayloadRing create(Path file, int size) throws IOException {
        if (size < MIN_SIZE || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("a ring's size must be a power of two of at least " + MIN_SIZE
                    + " bytes, not " + size);
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            return new PayloadRing(ch, ch.map(FileChannel.MapMode.READ_WRITE, 0, size)); // grows the file, sparse
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new IOException("cannot make the ring " + file + " of " + size + " bytes: " + e.getMessage(), e);
        }
    }

    /** Maps the ring {@code file} the other side made. */
    static PayloadRing open(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        try {
            long size = ch.size();
            if (size < MIN_SIZE || size > Integer.MAX_VALUE || Long.bitCount(size) != 1) {
                throw new IOException("not a ring file (" + size + " bytes, a power of two is expected): " + file);
            }
            return new PayloadRing(ch, ch.map(FileChannel.MapMode.READ_WRITE, 0, size));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Gives memory to the file up to {@code end} (in steps of {@value #BACKING_STEP} bytes) by
     * writing zeros to what this end has not used yet.
     *
     * @throws UncheckedIOException if the file system has no room (tmpfs is full)
     */
    private void back(int end) {
        if (end <= backed) {
            return;
        }
        try {
            int upTo = Math.min(size(), (end + BACKING_STEP - 1) / BACKING_STEP * BACKING_STEP);
            ByteBuffer zeros = ByteBuffer.allocate(upTo - backed);
            while (zeros.hasRemaining()) {
                file.write(zeros, backed + zeros.position());
            }
            backed = upTo;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot give the ring memory up to " + end + " bytes: " + e.getMessage(), e);
        }
    }

    /** The ring's file within a link directory, for one direction. */
    static Path file(Path linkDir, int direction) {
        return linkDir.resolve(ChronicleChannel.queueName(direction) + ".ring");
    }

    /** Whether the ring files of a link are there (a link made before rings were, or half made, has none). */
    static boolean exists(Path linkDir) {
        return Files.exists(file(linkDir, ControlBlock.UP)) && Files.exists(file(linkDir, ControlBlock.DOWN));
    }

    int size() {
        return mask + 1;
    }

    /** Where {@code position} lies in the file. */
    int offset(long position) {
        return (int) (position & mask);
    }

    /** Writes a message (its header and payload, {@link MessageHeader#SIZE} + length bytes) at {@code offset}. */
    void write(int offset, int type, int flags, int reactorId, int session, ByteBuffer payload) {
        int length = payload.remaining();
        back(offset + MessageHeader.SIZE + length);
        mapping.putInt(offset, length);
        mapping.put(offset + 4, (byte) type);
        mapping.put(offset + 5, (byte) flags);
        mapping.putShort(offset + 6, (short) reactorId);
        mapping.putInt(offset + 8, session);
        mapping.put(offset + MessageHeader.SIZE, payload, payload.position(), length);
    }

    /** Writes a mark ({@link #WRAP} or {@link #TO_QUEUE}) at {@code offset}. */
    void mark(int offset, int mark) {
        back(offset + MARK_SPAN);
        mapping.putInt(offset, mark);
    }

    int length(int offset) {
        return mapping.getInt(offset);
    }

    int type(int offset) {
        return mapping.get(offset + 4) & 0xff;
    }

    int flags(int offset) {
        return mapping.get(offset + 5) & 0xff;
    }

    int reactorId(int offset) {
        return mapping.getShort(offset + 6) & 0xffff;
    }

    int session(int offset) {
        return mapping.getInt(offset + 8);
    }

    /** A read-only view of the payload of the message at {@code offset}, valid until the reader releases it. */
    ByteBuffer payload(int offset, int length) {
        int start = offset + MessageHeader.SIZE;
        view.limit(start + length).position(start);
        return view;
    }

    /** How much of the file, from its start, this end has given memory: what its writing has used at most. */
    int backed() {
        return backed;
    }

    /** Unmaps the ring in this process; nothing may be read or written through it after. */
    void unmap() {
        CycleMapping.unmap(mapping);
        try {
            file.close();
        } catch (IOException e) {
            // nothing was written through it that a close could lose
        }
    }
}
