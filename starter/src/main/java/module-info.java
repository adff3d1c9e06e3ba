/**
 * jswoole with its default providers. The providers are {@code requires static}: an application
 * module that requires this one resolves whichever of them its module path holds, as Java's
 * service binding adds every observable module that provides a service the API {@code uses}
 * (the java launcher resolves the boot layer with binding). A provider left out of the dependencies
 * is then simply absent, and one added beside the starter (jswoole-ipc-chronicle) is found the
 * same way, without {@code --add-modules}.
 */
@SuppressWarnings("module") // the providers export nothing an application uses
module io.jswoole.starter {
    requires transitive io.jswoole.api;
    requires io.jswoole.core;
    requires io.jswoole.supervision;
    requires io.jswoole.tasks;
    requires static io.jswoole.factory.base;
    requires static io.jswoole.factory.process;
    requires static io.jswoole.reactor.epoll;
    requires static io.jswoole.reactor.nio;
    requires static io.jswoole.ipc.unixsock;
    requires static io.jswoole.ipc.msgqueue;
    requires static io.jswoole.process.jvm;
}
