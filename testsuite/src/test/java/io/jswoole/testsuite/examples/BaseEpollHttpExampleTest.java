package io.jswoole.testsuite.examples;

/** {@link HttpExampleContract} in base mode (one process) on the epoll reactor. */
class BaseEpollHttpExampleTest extends HttpExampleContract {
    @Override
    String mode() {
        return "base";
    }

    @Override
    String reactor() {
        return "epoll";
    }

    @Override
    int workers() {
        return 1;
    }
}
