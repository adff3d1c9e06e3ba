/** Framing: cutting a connection's byte stream into packets (Swoole's EOF and length checks). */
package io.jswoole.core.frame;
