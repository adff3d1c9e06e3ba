/**
 * What the tests of every module share: real servers in child JVMs ({@link io.jswoole.testing.ServerProcess}),
 * clients, waits with deadlines, and the {@link io.jswoole.testing.SettingEffect} marker that the
 * settings walk reads.
 */
package io.jswoole.testing;
