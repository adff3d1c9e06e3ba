/** Listening sockets, connections with bounded output buffers, and the counters they keep. */
package io.jswoole.core.net;
