package io.jswoole.testsuite.hostile;

/** {@link HostileInputContract} against a base-mode server on the epoll reactor. */
class BaseEpollHostileInputTest extends HostileInputContract {
    @Override
    String mode() {
        return "base";
    }

    @Override
    String reactor() {
        return "epoll";
    }
}
