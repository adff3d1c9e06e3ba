package io.jswoole.core.net;

/**
 * Where listening sockets that this process did not bind come from, and whether the Unix socket
 * files of those sockets become its own to remove at the end.
 */
public enum PassedBy {
    /** Socket activation: systemd keeps the sockets and their files. */
    SYSTEMD("passed by systemd", false),
    /** An upgrade: the old master leaves the sockets, and their files, to this one. */
    PREDECESSOR("taken over from the server being upgraded", true),
    /** A base-mode worker: its master keeps the sockets and their files. */
    MASTER("shared with the master and the other workers", false);

    private final String description;
    private final boolean ownsFiles;

    PassedBy(String description, boolean ownsFiles) {
        this.description = description;
        this.ownsFiles = ownsFiles;
    }

    /** For the log: "a socket " + this. */
    public String description() {
        return description;
    }

    /** Whether this process removes the Unix socket files of such sockets when it closes them. */
    public boolean ownsFiles() {
        return ownsFiles;
    }
}
