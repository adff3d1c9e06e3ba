/**
 * The jswoole API: {@link io.jswoole.Server}, its settings and events, and the four service
 * provider interfaces (Reactor, Pipe, Factory, ProcessPool) that choose how it runs.
 */
module io.jswoole.api {
    requires jdk.unsupported;

    exports io.jswoole;
    exports io.jswoole.event;
    exports io.jswoole.settings;
    exports io.jswoole.log;
    exports io.jswoole.spi;
    exports io.jswoole.spi.reactor;
    exports io.jswoole.spi.pipe;
    exports io.jswoole.spi.process;

    uses io.jswoole.spi.FactoryProvider;
    uses io.jswoole.spi.reactor.ReactorProvider;
    uses io.jswoole.spi.pipe.PipeProvider;
    uses io.jswoole.spi.process.ProcessPoolProvider;
    uses io.jswoole.spi.process.ProcessModel;
}
