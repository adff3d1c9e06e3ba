/** Process mode: master (main reactor, reactor threads), manager, and worker processes joined by pipes. */
package io.jswoole.factory.process;

