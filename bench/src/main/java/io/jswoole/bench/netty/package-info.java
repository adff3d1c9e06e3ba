/** Netty 4.2 echo servers on the NIO and native epoll transports: the baseline in every comparison. */
package io.jswoole.bench.netty;
