package io.jswoole.core.frame;

import java.nio.ByteBuffer;

/** No framing: every chunk read is one packet, as Swoole does without framing settings. */
final class RawFramer implements Framer {
    static final RawFramer INSTANCE = new RawFramer();

    private RawFramer() {
    }

    @Override
    public void feed(ByteBuffer in, PacketSink sink) {
        if (in.hasRemaining()) {
            sink.packet(in);
        }
    }

    @Override
    public int buffered() {
        return 0;
    }
}
