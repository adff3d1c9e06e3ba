/** The role switch every mode shares: master start-up, manager, task workers, user processes. */
package io.jswoole.tasks.role;
