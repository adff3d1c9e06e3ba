package io.jswoole.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test that shows what settings do: that each of {@link #keys} has its effect (or, with
 * {@link #refused}, that start-up refuses it with the key named) in the {@link #modes} it runs
 * in. The settings walker of the test suite reads these marks and fails for a key that is
 * neither shown to work nor refused in some mode, so that no setting is accepted and ignored.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface SettingEffect {
    /** The keys, as in {@code bin/jswoole settings}. */
    String[] keys();

    /** The modes the test runs them in: {@code "base"}, {@code "process"}. */
    String[] modes();

    /**
     * The reactors the test runs them in, {@code "epoll"} and/or {@code "nio"}; only socket
     * options depend on the reactor, so other keys leave this empty.
     */
    String[] reactors() default {};

    /** The test shows that start-up refuses the keys (rather than that they work). */
    boolean refused() default false;
}
