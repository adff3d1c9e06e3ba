package io.jswoole.testsuite.proxy;

/** {@link ProxyProtocolContract} against a process-mode server on the epoll reactor. */
class ProcessEpollProxyProtocolTest extends ProxyProtocolContract {
    @Override
    String mode() {
        return "process";
    }

    @Override
    String reactor() {
        return "epoll";
    }
}
