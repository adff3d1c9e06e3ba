package io.jswoole.testsuite.proxy;

/** {@link ProxyProtocolContract} against a base-mode server on the nio reactor. */
class BaseNioProxyProtocolTest extends ProxyProtocolContract {
    @Override
    String mode() {
        return "base";
    }

    @Override
    String reactor() {
        return "nio";
    }
}
