/**
 * One end of a pipe between two processes on an event loop ({@link io.jswoole.core.pipe.Endpoint}):
 * framed messages out and in over whichever Pipe provider made the channel.
 */
package io.jswoole.core.pipe;
