package io.jswoole.settings;

import io.jswoole.JswooleException;

/** A setting is unknown, has a bad value, or conflicts with another; the message names the key. */
public class SettingsException extends JswooleException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public SettingsException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The setting at fault. */
    public String key() {
        return key;
    }
}
