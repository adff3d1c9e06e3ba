/**
 * jswoole with its default providers: an application module that requires this one finds every
 * default mode, reactor, pipe and process pool on the module path without {@code --add-modules}.
 * Service providers are found only in modules of the graph, hence the plain {@code requires}.
 */
@SuppressWarnings("module") // the providers export nothing an application uses
module io.jswoole.starter {
    requires transitive io.jswoole.api;
    requires io.jswoole.core;
    requires io.jswoole.supervision;
    requires io.jswoole.tasks;
    requires io.jswoole.factory.base;
    requires io.jswoole.factory.process;
    requires io.jswoole.reactor.epoll;
    requires io.jswoole.reactor.nio;
    requires io.jswoole.ipc.unixsock;
    requires io.jswoole.ipc.msgqueue;
    requires io.jswoole.process.jvm;
}
