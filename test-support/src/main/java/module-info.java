/** Helpers for jswoole's own tests: servers run in child JVMs and reaped, plain JDK clients. */
module io.jswoole.testing {
    exports io.jswoole.testing;
}
