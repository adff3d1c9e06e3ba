/**
 * {@code bench http} and {@code bench kv}: the protocol examples beside established servers of
 * the same protocol (Swoole's HTTP server and nginx; redis-server), measured with the usual
 * clients of those protocols ({@code wrk}, {@code redis-benchmark}).
 */
package io.jswoole.bench.proto;
