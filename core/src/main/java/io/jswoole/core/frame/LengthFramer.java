package io.jswoole.core.frame;

import java.nio.ByteBuffer;

/**
 * Swoole's {@code open_length_check}: a length field of {@code package_length_type} at
 * {@code package_length_offset} gives the body's length; a packet is
 * {@code package_body_offset + length} bytes.
 */
final class LengthFramer implements Framer {
    private final LengthField field;
    private final int lengthOffset;
    private final int bodyOffset;
    private final int maxPacket;
    private final String limitName;
    private final Accumulator held;
    private final ReadOnlyView inView;

    /** {@code limitName}: the setting that gave {@code maxPacket}, for the error message. */
    LengthFramer(LengthField field, int lengthOffset, int bodyOffset, int maxPacket, String limitName, ReadOnlyView inView) {
        this.inView = inView;
        this.field = field;
        this.lengthOffset = lengthOffset;
        this.bodyOffset = bodyOffset;
        this.maxPacket = maxPacket;
        this.limitName = limitName;
        this.held = new Accumulator(maxPacket);
    }

    @Override
    public void feed(ByteBuffer in, PacketSink sink) throws FrameException {
        while (in.hasRemaining()) {
            if (held.size() == 0) {
                deliver(in, inView, sink);
                if (in.hasRemaining() && !held.append(in)) {
                    throw new FrameException("packet larger than " + limitName + " " + maxPacket);
                }
                return;
            }
            // Complete the held header, then the held packet, taking no byte of the next packet.
            ByteBuffer b = held.flipped();
            long need = packetLength(b);
            held.compact();
            int want = (int) (need > 0 ? need : lengthOffset + field.size) - held.size();
            int take = Math.min(in.remaining(), want);
            ByteBuffer part = in.duplicate().limit(in.position() + take);
            in.position(in.position() + take);
            held.append(part);
            deliver(held.flipped(), held.views(), sink);
            held.compact();
        }
    }

    /** Delivers whole packets from the start of {@code b}, leaving its position at the first partial one. */
    private void deliver(ByteBuffer b, ReadOnlyView views, PacketSink sink) throws FrameException {
        while (true) {
            long len = packetLength(b);
            if (len < 0 || b.remaining() < len) {
                return;
            }
            int start = b.position();
            b.position(start + (int) len);
            sink.packet(views.of(b, start, start + (int) len));
        }
    }

    /** The whole packet's length at {@code b}'s position, or -1 if the header is not all there yet. */
    private long packetLength(ByteBuffer b) throws FrameException {
        if (b.remaining() < lengthOffset + field.size) {
            return -1;
        }
        long body = field.read(b, b.position() + lengthOffset);
        long total = body + bodyOffset;
        if (body < 0 || total < lengthOffset + field.size) {
            throw new FrameException("malformed packet: length field says " + body);
        }
        if (total > maxPacket) {
            throw new FrameException("packet of " + total + " bytes is larger than " + limitName + " " + maxPacket);
        }
        return total;
    }

    @Override
    public int buffered() {
        return held.size();
    }
}
