/**
 * Swoole's settings: every key with its scope, default and allowed values
 * ({@link io.jswoole.settings.Keys}), parsed and checked as {@code set()} receives them.
 */
package io.jswoole.settings;
