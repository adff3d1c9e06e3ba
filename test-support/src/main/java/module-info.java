/** Helpers for jswoole's own tests: servers run in child JVMs and reaped, plain JDK clients. */
module io.jswoole.testing {
    requires transitive io.jswoole.api;
    requires org.junit.jupiter.api;

    exports io.jswoole.testing;
}
