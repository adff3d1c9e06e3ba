package io.jswoole;

/** A method was called in a server state that does not allow it (e.g. a second {@code start()}). */
public class ServerStateException extends JswooleException {
    private static final long serialVersionUID = 1L;

    public ServerStateException(String message) {
        super(message);
    }
}
