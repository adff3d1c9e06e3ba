/**
 * {@code bench startup}: how long a respawned worker process takes from spawn to accepting, and
 * how much memory the processes of an idle server hold, with and without bin/jswoole's JVM
 * defaults.
 */
package io.jswoole.bench.startup;
