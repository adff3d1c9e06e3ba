package io.jswoole.testsuite.hostile;

/** {@link HostileInputContract} against a process-mode server on the epoll reactor. */
class ProcessEpollHostileInputTest extends HostileInputContract {
    @Override
    String mode() {
        return "process";
    }

    @Override
    String reactor() {
        return "epoll";
    }
}
