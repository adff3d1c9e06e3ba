package io.jswoole.testsuite.examples;

/** {@link HttpExampleContract} in process mode (two workers) on the NIO reactor. */
class ProcessNioHttpExampleTest extends HttpExampleContract {
    @Override
    String mode() {
        return "process";
    }

    @Override
    String reactor() {
        return "nio";
    }

    @Override
    int workers() {
        return 2;
    }
}
