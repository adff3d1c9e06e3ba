package io.jswoole.core.frame;

import java.nio.ByteBuffer;

/** No framing: every chunk read is one packet, as Swoole does without framing settings. */
final class RawFramer implements Framer {
    private final ReadOnlyView view;

    RawFramer(ReadOnlyView view) {
        this.view = view;
    }

    @Override
    public void feed(ByteBuffer in, PacketSink sink) {
        if (in.hasRemaining()) {
            int end = in.limit();
            ByteBuffer packet = view.of(in);
            in.position(end);
            sink.packet(packet);
        }
    }

    @Override
    public int buffered() {
        return 0;
    }
}
