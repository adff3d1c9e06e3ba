package io.jswoole.ipc.chronicle;

import io.jswoole.log.Log;
import io.jswoole.spi.pipe.PipeChannel;
import io.jswoole.spi.pipe.PipeChannel.BrokenChannelException;
import io.jswoole.spi.reactor.Pollable;
import io.jswoole.spi.reactor.Poller;
import io.jswoole.spi.reactor.StreamSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * One end of a chronicle link: messages go out through a {@linkplain PayloadRing ring} and a
 * Chronicle queue, and come in through the other pair, all memory-mapped by the two processes; a
 * connected Unix stream socket serves as doorbell and death notice.
 *
 * <p><b>Sending.</b> {@link #offer} writes the message (a {@linkplain MessageHeader 12-byte
 * header} and the payload) into the outbound ring, whose pages are used again and again: the
 * payload is copied once, from the caller's buffer into the mapped file. A message the ring has no
 * room for (the reader is behind), or larger than a quarter of it, goes into the outbound queue's
 * open document instead, and so do the ones after it until the ring has room again: a mark in the
 * ring, and an entry ending the document, keep the reader on the order of the offers. {@link #flush}
 * publishes both (the queue's document, then the ring's position), then rings the doorbell, one
 * byte on the socket, only if the reader has said it is going to sleep; a reader that is busy gets
 * no system call at all. {@link #queuedBytes} are the bytes offered and not yet taken by the
 * reader (headers included): an offer is refused while they exceed the channel's limit, and
 * {@link #flush} returns false while they do, after asking the reader for a byte on the doorbell
 * once it has taken enough: the writer waits for room as READ readiness ({@link #roomReadiness()}),
 * without a system call while it waits and without spinning.
 *
 * <p><b>Receiving.</b> {@link #receive} takes every message that has arrived, up to about
 * {@value #RECEIVE_BUDGET} bytes per call so that one busy link cannot starve the loop (while a
 * doorbell byte is unread the socket stays readable and the loop calls again). Each payload is
 * handed to the handler in place: a read-only view of the bytes in the ring, or in the queue's
 * cycle file through the reader's own mapping of it ({@link CycleMapping}); only if that file
 * cannot be mapped (a payload beyond its first 2 GiB) is the payload copied once, into a direct
 * buffer the channel reuses. The view is valid only during the call: the writer may use the ring's
 * bytes again once the handler has returned, and a cycle file is unmapped when the reader leaves
 * it. When nothing is left, the reader drains the doorbell, raises its sleeping flag and looks
 * once more (so that a message published just before the flag went up is not left behind), then
 * returns to its poller.
 *
 * <p><b>End of stream.</b> {@link #shutdownOutput()} (and close, and the death of the process)
 * shuts the socket: the reader, having taken every complete message before it, reads end of
 * stream. A message the writer was killed in the middle of is never complete and never delivered.
 *
 * <p><b>Files.</b> The rings keep their size; the queues roll every second and the reader deletes
 * each cycle file once it has passed it ({@link PassedCycles}); the last end to close (or the
 * survivor of a dead peer) deletes the link's directory.
 *
 * <p>Used by one thread at a time (Chronicle's own thread checks are disabled, so that a channel
 * opened on one thread may be served by an event loop on another).
 */
final class ChronicleChannel implements PipeChannel {
    /** Unread bytes above which {@link #offer} refuses a message, unless nothing is unread. */
    static final int DEFAULT_QUEUE_LIMIT = 4 << 20;
    /** The largest payload: Chronicle takes documents up to a quarter of its block size. */
    static final int MAX_MESSAGE_SIZE = 8 << 20;
    /** Chronicle's mapping unit; sparse on tmpfs, so only the pages written take memory. */
    static final long BLOCK_SIZE = 64L << 20;
    /** Bytes written between two looks at the free space of the queues' file system, while it is plentiful. */
    static final long SPACE_CHECK_BYTES = 4L << 20;
    /** Bytes of messages after which a document is published and the next offer opens another. */
    static final int DOCUMENT_SIZE = 256 << 10;
    /** Bytes delivered per {@link #receive} call before the loop gets a turn, when a doorbell byte keeps it coming back. */
    static final int RECEIVE_BUDGET = 256 << 10;
    private static final int INITIAL_INPUT_BUFFER = 4 << 10;
    /** A doorbell byte that announces messages. */
    private static final byte RING = 0;
    /** A doorbell byte that tells a writer waiting for room that it has some. */
    private static final byte ROOM = 1;
    /** In place of a payload length, the last entry of a document: the next message is in the ring again. */
    private static final int TO_RING = -1;

    private final StreamSocket socket;
    private final ControlBlock control;
    private final Path linkDir;
    private final Path serverDir;
    private final int side;
    private final int inbound;
    private final int outbound;
    private final int queueLimit;
    private final SingleChronicleQueue inQueue;
    private final SingleChronicleQueue outQueue;
    private final PassedCycles passed;
    private final PayloadRing inRing;
    private final PayloadRing outRing;
    /** The writer's position in its ring: where the next message or mark goes. */
    private long ringWritten;
    /** The writer's last jump to the start of its ring: from where the reader was, to where it goes on. */
    private long jumpFrom = -1;
    private long jumpTo;
    /** The writer has left a {@link PayloadRing#TO_QUEUE} mark: its messages go to the queue until it writes {@link #TO_RING}. */
    private boolean writingQueue;
    /** The reader's position in its ring. */
    private long ringTaken;
    /** The reader has passed a {@link PayloadRing#TO_QUEUE} mark: it takes documents until one ends with {@link #TO_RING}. */
    private boolean readingQueue;
    private long fromRing;
    private ExcerptAppender appender;
    /** The document this turn's offers go into, until flush publishes it; null when none is open. */
    private DocumentContext document;
    private int documentBytes;
    /** Where the queues live, for its free space; and the bytes written at which it is looked up again. */
    private final java.nio.file.FileStore store;
    private long nextSpaceCheck;
    private ExcerptTailer tailer;
    /** Inside {@link #receive}: a handler that closes the channel leaves the release of its queues until the call returns. */
    private boolean delivering;
    private boolean released;
    private final ByteBuffer bell = ByteBuffer.allocateDirect(64);
    private final ByteBuffer ring = ByteBuffer.allocateDirect(1);
    private final ByteBuffer room = ByteBuffer.allocateDirect(1).put(0, ROOM);
    private final CycleMapping inPlace = new CycleMapping();
    private long copies;
    private ByteBuffer input = ByteBuffer.allocateDirect(INITIAL_INPUT_BUFFER);
    private ByteBuffer view = input.asReadOnlyBuffer();
    private long written;
    private long taken;
    private long ringsSeen;
    private boolean unsignalled;
    private boolean outputShutdownRequested;
    private boolean outputShutDown;
    private boolean inputEnded;
    private boolean peerGone;
    private boolean closed;

    /** Both queues and both rings of one end of a link, opened before its doorbell is connected. */
    record Queues(SingleChronicleQueue in, SingleChronicleQueue out, PassedCycles passed, PayloadRing inRing,
                  PayloadRing outRing) implements AutoCloseable {
        /** The connecting side's end of a new link: makes both rings, of {@code ringSize} bytes, and opens the queues. */
        static Queues create(Path linkDir, int ringSize) throws IOException {
            return open(linkDir, 0, ringSize);
        }

        /** The listening side's end: maps the rings the connecting side made and opens the queues. */
        static Queues open(Path linkDir) throws IOException {
            return open(linkDir, 1, 0);
        }

        private static Queues open(Path linkDir, int side, int ringSize) throws IOException {
            int inbound = side == 0 ? ControlBlock.DOWN : ControlBlock.UP;
            int outbound = 1 - inbound;
            PayloadRing inRing = null;
            PayloadRing outRing = null;
            SingleChronicleQueue in = null;
            try {
                inRing = side == 0 ? PayloadRing.create(PayloadRing.file(linkDir, inbound), ringSize)
                        : PayloadRing.open(PayloadRing.file(linkDir, inbound));
                outRing = side == 0 ? PayloadRing.create(PayloadRing.file(linkDir, outbound), ringSize)
                        : PayloadRing.open(PayloadRing.file(linkDir, outbound));
                PassedCycles passed = new PassedCycles();
                in = queue(linkDir.resolve(queueName(inbound)), passed);
                return new Queues(in, queue(linkDir.resolve(queueName(outbound)), null), passed, inRing, outRing);
            } catch (IOException | RuntimeException | Error e) {
                for (PayloadRing r : new PayloadRing[] {inRing, outRing}) {
                    if (r != null) {
                        r.unmap();
                    }
                }
                if (in != null) {
                    in.close();
                }
                throw e;
            }
        }

        @Override
        public void close() {
            out.close();
            in.close();
            outRing.unmap();
            inRing.unmap();
        }

        /**
         * Builds, writes, reads and deletes a queue in {@code scratch}: Chronicle's first queue in
         * a JVM costs about a second of class loading and initialisation, better spent at
         * start-up than in the event loop that accepts the first link.
         */
        static void warmUp(Path scratch) {
            try (SingleChronicleQueue q = queue(scratch, null);
                 ExcerptAppender a = q.createAppender();
                 ExcerptTailer t = q.createTailer()) {
                try (DocumentContext dc = a.writingDocument()) {
                    dc.wire().bytes().writeInt(0);
                }
                try (DocumentContext dc = t.readingDocument()) {
                    dc.isPresent();
                }
            } finally {
                LinkFiles.deleteTree(scratch);
            }
        }
    }

    /**
     * @param socket     the connected doorbell; the channel owns it
     * @param control    the link's control block
     * @param queues     this end's queues; the channel owns them
     * @param side       0 for the connecting side, 1 for the listening side
     * @param serverDir  for the listening side, the server's directory to remove once empty; else null
     * @param queueLimit unread bytes above which offers are refused
     */
    ChronicleChannel(StreamSocket socket, ControlBlock control, Queues queues, Path linkDir, int side, Path serverDir,
                     int queueLimit) {
        if (queueLimit < 0) {
            throw new IllegalArgumentException("queue limit must be >= 0, not " + queueLimit);
        }
        this.socket = socket;
        this.control = control;
        this.linkDir = linkDir;
        this.serverDir = serverDir;
        this.side = side;
        this.outbound = side == 0 ? ControlBlock.UP : ControlBlock.DOWN;
        this.inbound = side == 0 ? ControlBlock.DOWN : ControlBlock.UP;
        this.queueLimit = queueLimit;
        this.store = fileStore(linkDir);
        this.inQueue = queues.in();
        this.outQueue = queues.out();
        this.passed = queues.passed();
        this.inRing = queues.inRing();
        this.outRing = queues.outRing();
    }

    private static java.nio.file.FileStore fileStore(Path dir) {
        try {
            return java.nio.file.Files.getFileStore(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot tell the file system of " + dir, e);
        }
    }

    /** The directory of one direction's queue within the link directory. */
    static String queueName(int direction) {
        return direction == ControlBlock.UP ? "up" : "down";
    }

    private static SingleChronicleQueue queue(Path dir, PassedCycles listener) {
        SingleChronicleQueueBuilder b = SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(TestRollCycles.TEST_SECONDLY)
                .blockSize(BLOCK_SIZE);
        if (listener != null) {
            b.storeFileListener(listener);
        }
        return b.build();
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the payload is larger than {@value #MAX_MESSAGE_SIZE}
     *         bytes, or type, flags or reactor id do not fit their 8, 8 and 16 bits
     * @throws IllegalStateException    if the channel is closed or its output shut down
     */
    @Override
    public boolean offer(int type, int flags, int reactorId, int session, ByteBuffer payload) {
        if (closed) {
            throw new IllegalStateException("offer on a closed channel");
        }
        if (outputShutdownRequested) {
            throw new IllegalStateException("offer after shutdownOutput");
        }
        int length = payload.remaining();
        if (length > MAX_MESSAGE_SIZE) {
            throw new IllegalArgumentException("a payload of " + length
                    + " bytes exceeds the maximum message size of " + MAX_MESSAGE_SIZE + " bytes");
        }
        MessageHeader.check(type, flags, reactorId);
        if (queuedBytes() > queueLimit) {
            return false;
        }
        int position = payload.position();
        try {
            append(type, flags, reactorId, session, payload, length);
        } catch (InternalError | RuntimeException e) {
            // A page of the mapped file could not be given memory (SIGBUS): tmpfs is full.
            closeQuietly(new IOException(e));
            throw new BrokenChannelException("no memory left for the queue files of " + linkDir
                    + " (is its file system full?): " + e.getMessage(), e);
        } finally {
            payload.position(position);
        }
        written += MessageHeader.SIZE + length;
        unsignalled = true;
        return true;
    }

    /**
     * Writes one message into the ring, or, when it has no room (or the message would take more
     * than a quarter of it), into the open queue document (opening one first, or closing a full
     * one); the next {@link #flush()} publishes both. Going from the ring to the queue leaves a
     * {@link PayloadRing#TO_QUEUE} mark in the ring; coming back ends the document with a
     * {@link #TO_RING} entry, so that the reader takes the messages in the order offered.
     */
    private void append(int type, int flags, int reactorId, int session, ByteBuffer payload, int length) {
        int size = MessageHeader.SIZE + length;
        if (size <= outRing.size() / 4) {
            int span = align(size);
            long at = ringRoomFor(span);
            if (at >= 0) {
                if (writingQueue) {
                    openDocument(4);
                    document.wire().bytes().writeInt(TO_RING);
                    written += 4; // counted like a message: the reader takes no document beyond what was written
                    publish(); // the reader leaves a document only at its end
                    writingQueue = false;
                }
                outRing.write(outRing.offset(at), type, flags, reactorId, session, payload);
                ringWritten = at + span;
                return;
            }
        }
        if (!writingQueue) {
            outRing.mark(outRing.offset(ringWritten), PayloadRing.TO_QUEUE); // always has room: see ringRoomFor
            ringWritten += PayloadRing.MARK_SPAN;
            writingQueue = true;
        }
        if (document != null && documentBytes > 0 && documentBytes + size > DOCUMENT_SIZE) {
            publish();
        }
        openDocument(size);
        appendInline(type, flags, reactorId, session, payload, length);
        documentBytes += size;
    }

    /** Opens a document, unless one is open, for an entry of {@code size} bytes. */
    private void openDocument(int size) {
        if (document == null) {
            checkSpace(size);
            document = appender().writingDocument();
            documentBytes = 0;
        }
    }

    /**
     * Where a message of {@code span} bytes goes in the ring, or -1 if the reader has not left room
     * enough. When the reader has taken everything, that is the start of the file (a jump the
     * reader learns from the control block); otherwise it follows the last message, after a
     * {@link PayloadRing#WRAP} mark on a tail too short for it. The last
     * {@value PayloadRing#MARK_SPAN} bytes before the reader are never given out: a
     * {@link PayloadRing#TO_QUEUE} mark always fits.
     */
    private long ringRoomFor(int span) {
        int ringSize = outRing.size();
        long at = ringWritten;
        int offset = outRing.offset(at);
        long read = control.ringRead(outbound);
        if (read == jumpFrom) {
            read = jumpTo; // the reader is there as soon as it looks
        }
        if (read == at && offset != 0) {
            // The reader has taken everything: go on at the start of the file, so that a link keeps
            // using the pages it has. The reader learns it from the control block, before it looks
            // at any message published after this one.
            jumpFrom = at;
            jumpTo = at - offset + ringSize;
            control.ringJump(outbound, at);
            return jumpTo;
        }
        int tail = offset + span > ringSize ? ringSize - offset : 0; // a message never crosses the end of the file
        if (at + tail + span - read > ringSize - PayloadRing.MARK_SPAN) {
            return -1;
        }
        if (tail > 0) {
            outRing.mark(offset, PayloadRing.WRAP);
            at += tail;
        }
        return at;
    }

    /** A message's room in the ring, rounded up to 8 bytes so that every header is aligned. */
    static int align(int size) {
        return (size + 7) & ~7;
    }

    /** Copies a message, header and payload, into the open document itself. */
    private void appendInline(int type, int flags, int reactorId, int session, ByteBuffer payload, int length) {
        Bytes<?> b = document.wire().bytes();
        b.writeInt(length).writeUnsignedByte(type).writeUnsignedByte(flags).writeUnsignedShort(reactorId).writeInt(session);
        while (payload.hasRemaining()) {
            int before = payload.remaining();
            b.writeSome(payload); // straight from the caller's buffer into the mapping
            if (payload.remaining() == before) {
                throw new IllegalStateException("the queue took no more of a " + length + "-byte payload");
            }
        }
    }

    /**
     * Refuses to write when the file system holding the queues has less free space than a full
     * document and this message need (looked up once per {@value #SPACE_CHECK_BYTES} bytes written,
     * and at every document once space ran low): a write into a mapped page that tmpfs cannot back
     * would fault (SIGBUS) instead of failing.
     */
    private void checkSpace(int size) {
        long needed = 2L * DOCUMENT_SIZE + size;
        if (written < nextSpaceCheck && size < DOCUMENT_SIZE) {
            return;
        }
        long free;
        try {
            free = store.getUsableSpace();
        } catch (IOException e) {
            return; // cannot tell; the write may still succeed
        }
        nextSpaceCheck = free > 8 * needed ? written + SPACE_CHECK_BYTES : written;
        if (free < needed) {
            throw new IllegalStateException(free + " bytes left where " + needed + " are needed");
        }
    }

    /** Closes the open document: its messages become visible to the reader. */
    private void publish() {
        DocumentContext d = document;
        if (d != null) {
            document = null;
            d.close();
            control.published(outbound, written);
        }
    }

    /**
     * Rings the reader if messages went out since the last flush and the reader sleeps; then, if
     * {@link #shutdownOutput()} was called, shuts the socket's output. Returns whether the reader
     * has room for more offers (unread bytes within the limit).
     *
     * @throws IOException if the doorbell cannot be written (the peer is gone)
     */
    @Override
    public boolean flush() throws IOException {
        ensureOpen();
        try {
            publish();
            control.ringPublished(outbound, ringWritten); // after the documents a mark in the ring may send the reader to
        } catch (InternalError | RuntimeException e) {
            closeQuietly(new IOException(e));
            throw new IOException("could not publish to " + linkDir + " (is its file system full?): " + e, e);
        }
        if (unsignalled) {
            unsignalled = false;
            if (control.takeSleeper(outbound)) {
                ring.clear();
                socket.write(ring); // one byte into a socket whose reader drains it before sleeping: it fits
            }
        }
        if (outputShutdownRequested && !outputShutDown) {
            outputShutDown = true;
            socket.shutdownOutput();
        }
        if (queuedBytes() <= queueLimit) {
            return true;
        }
        control.wantRoom(outbound, written - queueLimit);
        if (queuedBytes() <= queueLimit) { // the reader passed the mark before it could see the request
            control.withdrawRoomRequest(outbound);
            return true;
        }
        return false;
    }

    /**
     * {@link Poller#READ}: a writer waiting for room is told by a byte on
     * the doorbell, which the reader sends once it has taken enough.
     */
    @Override
    public int roomReadiness() {
        return Poller.READ;
    }

    /** Bytes offered that the reader has not taken yet, headers included. */
    @Override
    public long queuedBytes() {
        return closed ? 0 : written - control.bytesRead(outbound);
    }

    /**
     * {@inheritDoc}
     *
     * <p>If a handler closes the channel, the messages after that one are not delivered and this
     * returns true.
     *
     * @throws IOException if a document is shorter than a message header; the channel is then closed
     */
    @Override
    public boolean receive(MessageHandler handler) throws IOException {
        ensureOpen();
        if (inputEnded) {
            return false;
        }
        delivering = true;
        try {
            return deliver(handler);
        } finally {
            delivering = false;
            if (!closed && control.takeRoomRequest(inbound, taken)) {
                ringForRoom();
            }
            if (closed && !released) {
                release(); // a handler closed the channel
            }
        }
    }

    /** Tells the writer, waiting for room, that it has some; a peer that is gone shows at the next read. */
    private void ringForRoom() {
        room.clear();
        try {
            socket.write(room);
        } catch (IOException e) {
            Log.debug("could not tell the writer of " + linkDir + " that it has room: " + e.getMessage());
        }
    }

    private boolean deliver(MessageHandler handler) throws IOException {
        try {
            long budget = RECEIVE_BUDGET;
            while (true) {
                int n;
                while (budget > 0 && (n = deliverSome(handler)) >= 0) {
                    if (closed) {
                        return true;
                    }
                    budget -= n;
                }
                if (budget <= 0) {
                    if (control.rings(inbound) > ringsSeen) {
                        return true; // the unread doorbell byte brings the loop back
                    }
                    budget = RECEIVE_BUDGET; // nothing would call again: go on
                    continue;
                }
                if (!drainDoorbell()) {
                    // The writer is gone (or shut its output) after publishing everything before it.
                    while (deliverSome(handler) >= 0) {
                        if (closed) {
                            return true;
                        }
                    }
                    inputEnded = true;
                    return false;
                }
                control.sleep(inbound);
                n = deliverSome(handler); // the last look: something published before the flag went up
                if (n < 0) {
                    return true;
                }
                control.wake(inbound); // if the writer took the flag first, its byte wakes us once more, harmlessly
                if (closed) {
                    return true;
                }
                budget -= n;
            }
        } catch (IOException e) {
            closeQuietly(e);
            throw e;
        }
    }

    /**
     * Delivers the next messages in the order they were offered: from the ring up to what the
     * writer has published, or, past a {@link PayloadRing#TO_QUEUE} mark, the next queue document.
     * Returns their bytes with headers (0 if only marks were passed), or -1 if nothing was there.
     * A handler that throws does not keep the other messages from being delivered: the first
     * exception is thrown once they are.
     */
    private int deliverSome(MessageHandler handler) throws IOException {
        if (readingQueue) {
            return deliverDocument(handler);
        }
        long published = control.ringPublished(inbound);
        if (ringTaken >= published) {
            return -1;
        }
        int ringSize = inRing.size();
        int delivered = 0;
        RuntimeException failed = null;
        while (ringTaken < published && !closed && delivered < RECEIVE_BUDGET) {
            int offset = inRing.offset(ringTaken);
            if (offset != 0 && ringTaken == control.ringJump(inbound)) { // (a writer never jumps from a start)
                ringTaken += ringSize - offset; // the writer went on at the start of the file
                offset = 0;
            }
            int length = inRing.length(offset);
            if (length == PayloadRing.WRAP) {
                ringTaken += ringSize - offset;
            } else if (length == PayloadRing.TO_QUEUE) {
                ringTaken += PayloadRing.MARK_SPAN;
                readingQueue = true;
                control.ringRead(inbound, ringTaken);
                break;
            } else {
                int size = MessageHeader.SIZE + length;
                if (length < 0 || size > ringSize / 4 || offset + align(size) > ringSize || ringTaken + align(size) > published) {
                    throw new IOException("malformed message in " + linkDir + ": a payload of " + length + " bytes at "
                            + ringTaken + " in a ring of " + ringSize + " published up to " + published);
                }
                taken += size;
                delivered += size;
                control.bytesRead(inbound, taken);
                fromRing++;
                failed = call(handler, inRing.type(offset), inRing.flags(offset), inRing.reactorId(offset),
                        inRing.session(offset), inRing.payload(offset, length), failed);
                ringTaken += align(size);
            }
            control.ringRead(inbound, ringTaken); // the handler is done with it: the writer may use it again
        }
        if (failed != null) {
            throw failed;
        }
        return delivered;
    }

    /**
     * Delivers the messages of the next document; returns their bytes with headers, or -1 if no
     * document is complete. A handler that throws does not keep the document's other messages
     * from being delivered: the first exception is thrown once the document is done.
     */
    private int deliverDocument(MessageHandler handler) throws IOException {
        if (taken >= control.published(inbound)) {
            return -1; // nothing more is whole: do not let the tailer wait for a file a dead writer left half-made
        }
        ExcerptTailer t = tailer();
        int delivered = 0;
        RuntimeException failed = null;
        try (DocumentContext dc = t.readingDocument()) {
            if (!dc.isPresent()) {
                return -1;
            }
            Bytes<?> b = dc.wire().bytes();
            while (b.readRemaining() > 0 && !closed) {
                long left = b.readRemaining();
                int length = left < 4 ? -2 : b.readInt();
                if (length == TO_RING && left == 4) {
                    readingQueue = false;
                    taken += 4;
                    delivered += 4;
                    control.bytesRead(inbound, taken);
                    continue;
                }
                if (length < 0 || length > MAX_MESSAGE_SIZE || length > left - MessageHeader.SIZE) {
                    throw new IOException("malformed message in " + linkDir + ": a payload of " + length + " bytes with "
                            + left + " bytes left in its document (0.." + MAX_MESSAGE_SIZE + " allowed)");
                }
                int type = b.readUnsignedByte();
                int flags = b.readUnsignedByte();
                int reactorId = b.readUnsignedShort();
                int session = b.readInt();
                ByteBuffer payload = inPlace.view(t.cycle(), t.currentFile(), b.readPosition(), length);
                if (payload == null) {
                    payload = copy(b, length);
                } else {
                    b.readSkip(length);
                }
                taken += MessageHeader.SIZE + length;
                delivered += MessageHeader.SIZE + length;
                control.bytesRead(inbound, taken);
                failed = call(handler, type, flags, reactorId, session, payload, failed);
            }
        }
        passed.readerAt(t.cycle());
        if (failed != null) {
            throw failed;
        }
        return delivered;
    }

    /** Hands one message to the handler; returns the first exception a handler threw, the later ones suppressed in it. */
    private static RuntimeException call(MessageHandler handler, int type, int flags, int reactorId, int session,
                                         ByteBuffer payload, RuntimeException failed) {
        try {
            handler.onMessage(type, flags, reactorId, session, payload);
        } catch (RuntimeException e) {
            if (failed == null) {
                return e;
            }
            failed.addSuppressed(e);
        }
        return failed;
    }

    /** Copies a payload that could not be mapped into the reused direct buffer; returns its read-only view. */
    private ByteBuffer copy(Bytes<?> b, int length) {
        copies++;
        if (length > input.capacity()) {
            input = ByteBuffer.allocateDirect(Math.max(length, 2 * input.capacity()));
            view = input.asReadOnlyBuffer();
        }
        input.clear().limit(length);
        b.read(input);
        return view.limit(length).position(0);
    }

    /** Reads the doorbell bytes there are; false at end of stream (or a reset: the peer died). */
    private boolean drainDoorbell() {
        if (peerGone) {
            return false;
        }
        try {
            while (true) {
                bell.clear();
                int n = socket.read(bell);
                if (n < 0) {
                    peerGone = true;
                    return false;
                }
                for (int i = 0; i < n; i++) {
                    if (bell.get(i) == RING) {
                        ringsSeen++;
                    }
                }
                if (n < bell.capacity()) {
                    return true;
                }
            }
        } catch (IOException e) {
            peerGone = true;
            return false;
        }
    }

    /**
     * {@inheritDoc} Nothing waits to be written (offers are in the queue already), so the socket's
     * output is shut at once; the peer reads end of stream after every message before it.
     */
    @Override
    public void shutdownOutput() throws IOException {
        ensureOpen();
        outputShutdownRequested = true;
        flush();
    }

    @Override
    public Pollable pollable() {
        return socket;
    }

    /**
     * Closes the socket (the peer reads end of stream after the messages already published) and
     * both queues; the last end to close, or the survivor of a dead peer, deletes the link's
     * files. Idempotent.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (!delivering) {
            release();
        }
    }

    /** Closes the socket and the queues, and deletes the link's files if this end is the last. */
    private void release() throws IOException {
        released = true;
        IOException failure = null;
        try {
            publish();
            control.ringPublished(outbound, ringWritten);
        } catch (InternalError | RuntimeException e) {
            Log.debug("publishing the last messages to " + linkDir + " at close: " + e);
        }
        try {
            socket.close();
        } catch (IOException e) {
            failure = e;
        }
        inPlace.release();
        inRing.unmap();
        outRing.unmap();
        for (AutoCloseable c : new AutoCloseable[] {appender, tailer, outQueue, inQueue}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                Log.debug("closing a chronicle queue of " + linkDir + ": " + e);
            }
        }
        boolean last = control.closeEnd();
        long peerPid = control.pid(1 - side);
        control.unmap();
        // A peer that never opened the link (pid 0: its hello was refused) or died will not delete it.
        if (last || peerPid == 0 || !LinkFiles.alive(peerPid)) {
            LinkFiles.deleteTree(linkDir);
        }
        if (serverDir != null) {
            LinkFiles.deleteIfEmpty(serverDir);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Doorbell bytes this end has sent; only while open. */
    long ringsSent() {
        return control.rings(outbound);
    }

    /** Doorbell bytes this end has read. */
    long ringsRead() {
        return ringsSeen;
    }

    /** How much of its outbound ring this end has written to at most, from the start of the file. */
    int ringBacked() {
        return outRing.backed();
    }

    /** Messages delivered from the ring (the others came inline in their documents). */
    long fromRing() {
        return fromRing;
    }

    /** Payloads delivered from a copy rather than in place. */
    long copies() {
        return copies;
    }

    /** Inbound cycle files this end has deleted. */
    long cyclesDeleted() {
        return passed.deleted();
    }

    Path linkDir() {
        return linkDir;
    }

    private ExcerptAppender appender() {
        if (appender == null) {
            appender = outQueue.createAppender();
            appender.singleThreadedCheckDisabled(true);
        }
        return appender;
    }

    private ExcerptTailer tailer() {
        if (tailer == null) {
            tailer = inQueue.createTailer();
            tailer.singleThreadedCheckDisabled(true);
        }
        return tailer;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (closed) {
            throw new ClosedChannelException();
        }
    }

    private void closeQuietly(IOException cause) {
        try {
            close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public String toString() {
        return "ChronicleChannel[" + linkDir + ", unread " + queuedBytes() + "]";
    }
}
