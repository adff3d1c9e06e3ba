package io.jswoole;

/** The root of jswoole's unchecked exceptions: configuration, provider and state errors. */
public class JswooleException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JswooleException(String message) {
        super(message);
    }

    public JswooleException(String message, Throwable cause) {
        super(message, cause);
    }
}
