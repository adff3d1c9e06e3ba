package io.jswoole.testsuite.hostile;

/** {@link HostileInputContract} against a base-mode server on the nio reactor. */
class BaseNioHostileInputTest extends HostileInputContract {
    @Override
    String mode() {
        return "base";
    }

    @Override
    String reactor() {
        return "nio";
    }
}
