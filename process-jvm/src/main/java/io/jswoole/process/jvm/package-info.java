/** Child JVMs started with {@link java.lang.ProcessBuilder}, which passes them no descriptor but 0, 1 and 2. */
package io.jswoole.process.jvm;
