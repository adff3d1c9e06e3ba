package io.jswoole.linux;

import java.io.IOException;

/** A child JVM that starts its own session, says so, and tries again; it exits at end of input. */
public final class SetsidChild {
    private SetsidChild() {
    }

    public static void main(String[] args) throws IOException {
        System.out.println("session " + Posix.setsid());
        try {
            Posix.setsid();
            System.out.println("again succeeded");
        } catch (NativeIoException e) {
            System.out.println("again " + e.errnoName());
        }
        System.out.flush();
        while (System.in.read() >= 0) {
            // until the test closes our input
        }
    }
}
