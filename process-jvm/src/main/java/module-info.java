/** The {@code jvm} ProcessPool provider: every child process is a new JVM running the same entry point. */
module io.jswoole.process.jvm {
    requires io.jswoole.core;

    provides io.jswoole.spi.process.ProcessPoolProvider with io.jswoole.process.jvm.JvmProcessPoolProvider;
}
