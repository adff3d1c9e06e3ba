package io.jswoole.example.ipc.loopback;

/** The loopback pipe on the nio reactor's sockets and poller. */
class NioLoopbackPipeTest extends LoopbackPipeContract {
    @Override
    String reactor() {
        return "nio";
    }
}
