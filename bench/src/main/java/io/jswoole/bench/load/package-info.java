/** The load generator: closed-loop and pipelined TCP echo load with HdrHistogram latencies. */
package io.jswoole.bench.load;
