package io.jswoole;

/** Extension points in start-up, as Swoole's global and server hooks. */
public enum Hook {
    /** Before anything starts, in the process that calls {@code start()} ({@code SW_GLOBAL_HOOK_BEFORE_SERVER_START}). */
    BEFORE_SERVER_START,
    /** In the master once its sockets listen, before onStart ({@code SW_SERVER_HOOK_MASTER_START}). */
    MASTER_START
}
