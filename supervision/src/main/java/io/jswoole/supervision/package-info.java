/**
 * The multi-process machinery every mode shares: the private run directory, the shared worker
 * table, the manager's supervision loop, the master's process watch, and orphan protection.
 */
package io.jswoole.supervision;
