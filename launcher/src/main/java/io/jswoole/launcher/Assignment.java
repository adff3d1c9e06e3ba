package io.jswoole.launcher;

/**
 * One {@code key = value} pair from a config file line or a {@code --set} option, with where it
 * came from for error messages.
 *
 * @param key    the setting's key, as written (checked later against the catalogue)
 * @param value  the raw value; the setting parses it ({@code "true"}, {@code "2M"}, {@code "\r\n"})
 * @param origin where it was written, e.g. {@code server.conf:3} or {@code --set worker_num=4}
 */
record Assignment(String key, String value, String origin) {

    /**
     * Parses {@code key = value}. Space around the key and the value is dropped; the value is split
     * from the key at the first {@code =}, so it may contain more; one pair of matching double or
     * single quotes around the value is removed, which keeps leading or trailing characters that
     * would otherwise be dropped.
     *
     * @throws UsageException naming {@code origin} if there is no {@code =} or no key
     */
    static Assignment parse(String text, String origin) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new UsageException(origin + ": expected key = value, got '" + text.strip() + "'");
        }
        String key = text.substring(0, eq).strip();
        if (key.isEmpty()) {
            throw new UsageException(origin + ": a setting name is missing before '='");
        }
        return new Assignment(key, unquote(text.substring(eq + 1).strip()), origin);
    }

    private static String unquote(String v) {
        if (v.length() >= 2) {
            char first = v.charAt(0);
            if ((first == '"' || first == '\'') && v.charAt(v.length() - 1) == first) {
                return v.substring(1, v.length() - 1);
            }
        }
        return v;
    }
}
