/**
 * The {@code unixsock} Pipe provider: length-framed messages over Unix stream sockets opened by
 * the event loop's own Reactor transport, so that pipes and client sockets share one poller.
 * See {@link io.jswoole.ipc.unixsock.UnixSockPipeProvider}.
 */
module io.jswoole.ipc.unixsock {
    requires io.jswoole.api;

    provides io.jswoole.spi.pipe.PipeProvider with io.jswoole.ipc.unixsock.UnixSockPipeProvider;
}
