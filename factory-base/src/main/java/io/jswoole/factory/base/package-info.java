/** Base mode: each worker process owns its connections and runs the callbacks on its own loop. */
package io.jswoole.factory.base;
