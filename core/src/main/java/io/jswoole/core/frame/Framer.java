package io.jswoole.core.frame;

import io.jswoole.settings.Keys;
import io.jswoole.settings.Settings;
import java.nio.ByteBuffer;

/**
 * Cuts one connection's incoming bytes into packets. One instance per connection, used on its
 * loop's thread only; a framer keeps at most {@code buffer_input_size} bytes of an unfinished
 * packet.
 */
public interface Framer {

    /**
     * Receives the packets a framer cuts: {@code packet} is a read-only view of the bytes where
     * they were read (or, for a packet that arrived in pieces, where the framer collected them),
     * from its position to its limit, valid only during the call. The sink may move its position
     * and limit.
     */
    @FunctionalInterface
    interface PacketSink {
        void packet(ByteBuffer packet);
    }

    /**
     * Consumes all of {@code in} (position to limit), calling {@code sink} for every whole packet.
     *
     * @throws FrameException when the input is oversized or malformed; the connection must close
     */
    void feed(ByteBuffer in, PacketSink sink) throws FrameException;

    /** Bytes held for an unfinished packet. */
    int buffered();

    /**
     * An interim answer the protocol owes the peer after the last {@link #feed}, once (HTTP's
     * {@code 100 Continue} to a request that expects it and whose body has not all arrived), or null.
     */
    default byte[] interimReply() {
        return null;
    }

    /** The framer a port's settings ask for, with views of its input of its own. */
    static Framer forSettings(Settings s) {
        return forSettings(s, new ReadOnlyView());
    }

    /**
     * The framer a port's settings ask for: raw chunks, EOF check/split, length check, HTTP or RESP.
     * {@code inputViews} makes the views of packets found whole in the input; an event loop shares
     * one between its connections, so that every packet read into its buffer is the same view
     * object (a packet is valid only during the sink's call, and a loop frames one input at a time).
     */
    static Framer forSettings(Settings s, ReadOnlyView inputViews) {
        int maxPacket = (int) Math.min(Integer.MAX_VALUE - 16, s.get(Keys.PACKAGE_MAX_LENGTH));
        int maxBuffered = (int) Math.min(Integer.MAX_VALUE - 16, s.get(Keys.BUFFER_INPUT_SIZE));
        if (s.get(Keys.OPEN_LENGTH_CHECK)) {
            return new LengthFramer(LengthField.of(s.get(Keys.PACKAGE_LENGTH_TYPE)), s.get(Keys.PACKAGE_LENGTH_OFFSET),
                    s.get(Keys.PACKAGE_BODY_OFFSET), Math.min(maxPacket, maxBuffered),
                    maxPacket <= maxBuffered ? Keys.PACKAGE_MAX_LENGTH.key() : Keys.BUFFER_INPUT_SIZE.key(), inputViews);
        }
        if (s.get(Keys.OPEN_HTTP_PROTOCOL)) {
            return new HttpFramer(Math.min(maxPacket, maxBuffered),
                    (int) Math.min(Integer.MAX_VALUE - 16, s.get(Keys.HTTP_HEADER_MAX_LENGTH)));
        }
        if (s.get(Keys.OPEN_REDIS_PROTOCOL)) {
            return new RedisFramer(Math.min(maxPacket, maxBuffered));
        }
        if (s.get(Keys.OPEN_EOF_SPLIT) || s.get(Keys.OPEN_EOF_CHECK)) {
            return new EofFramer(eofBytes(s.get(Keys.PACKAGE_EOF)), s.get(Keys.OPEN_EOF_SPLIT),
                    Math.min(maxPacket, maxBuffered), inputViews);
        }
        return new RawFramer(inputViews);
    }

    private static byte[] eofBytes(String eof) {
        byte[] b = new byte[eof.length()];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) eof.charAt(i);
        }
        return b;
    }
}
