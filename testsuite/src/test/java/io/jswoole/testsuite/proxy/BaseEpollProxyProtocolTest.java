package io.jswoole.testsuite.proxy;

/** {@link ProxyProtocolContract} against a base-mode server on the epoll reactor. */
class BaseEpollProxyProtocolTest extends ProxyProtocolContract {
    @Override
    String mode() {
        return "base";
    }

    @Override
    String reactor() {
        return "epoll";
    }
}
