package io.jswoole.core.frame;

import java.nio.charset.StandardCharsets;

/** The answers {@link HttpFramer} gives on its own: {@code 100 Continue}, and those to a request it refuses. */
final class HttpReplies {
    static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    static final byte[] BAD_REQUEST = reply("400 Bad Request");
    static final byte[] TOO_LARGE = reply("413 Content Too Large");
    static final byte[] HEADERS_TOO_LARGE = reply("431 Request Header Fields Too Large");

    private HttpReplies() {
    }

    private static byte[] reply(String status) {
        String body = status + "\n";
        return ("HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
    }
}
