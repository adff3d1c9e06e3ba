/** The bench command: compares jswoole configurations with Netty on real servers under real load. */
package io.jswoole.bench;
