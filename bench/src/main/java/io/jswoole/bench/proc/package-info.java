/** Child processes and what Linux's /proc says about them: start, stop and reap, CPU time and RSS of a process tree. */
package io.jswoole.bench.proc;
