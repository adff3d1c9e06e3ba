package io.jswoole.testsuite.proxy;

/** {@link ProxyProtocolContract} against a process-mode server on the nio reactor. */
class ProcessNioProxyProtocolTest extends ProxyProtocolContract {
    @Override
    String mode() {
        return "process";
    }

    @Override
    String reactor() {
        return "nio";
    }
}
