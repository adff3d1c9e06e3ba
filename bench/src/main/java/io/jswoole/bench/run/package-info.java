/** The comparison runner: the matrix of servers, workloads and load generators, measurements, table, CSV and chart. */
package io.jswoole.bench.run;
