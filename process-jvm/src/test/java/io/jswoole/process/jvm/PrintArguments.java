package io.jswoole.process.jvm;

import io.jswoole.core.util.JvmArguments;
/** Prints the last of this JVM's arguments as a child would inherit them, for {@link ChildCommandTest}. */
public final class PrintArguments {
    private PrintArguments() {
    }

    public static void main(String[] args) {
        System.out.println(JvmArguments.current().map(a -> a.get(a.size() - 1)).orElse("none"));
    }
}
