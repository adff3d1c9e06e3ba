package io.jswoole.testsuite.hostile;

/** {@link HostileInputContract} against a process-mode server on the nio reactor. */
class ProcessNioHostileInputTest extends HostileInputContract {
    @Override
    String mode() {
        return "process";
    }

    @Override
    String reactor() {
        return "nio";
    }
}
