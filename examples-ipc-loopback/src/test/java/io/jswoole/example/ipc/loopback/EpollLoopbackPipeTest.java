package io.jswoole.example.ipc.loopback;

/** The loopback pipe on the epoll reactor's sockets and poller (skipped where epoll is unavailable). */
class EpollLoopbackPipeTest extends LoopbackPipeContract {
    @Override
    String reactor() {
        return "epoll";
    }
}
