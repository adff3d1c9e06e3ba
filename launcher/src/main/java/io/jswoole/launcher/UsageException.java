package io.jswoole.launcher;

/** Something the user gave is wrong: a config file, an example or application name, an option. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }

    UsageException(String message, Throwable cause) {
        super(message, cause);
    }
}
