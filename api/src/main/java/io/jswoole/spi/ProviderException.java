package io.jswoole.spi;

import io.jswoole.JswooleException;

/** A provider that was asked for is absent or cannot run here; the message lists what exists. */
public class ProviderException extends JswooleException {
    private static final long serialVersionUID = 1L;

    public ProviderException(String message) {
        super(message);
    }

    public ProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
