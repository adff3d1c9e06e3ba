package io.jswoole.examples;

import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 response: a status, a content type and a body, written with {@code Date},
 * {@code Content-Length} and the {@code Connection} header the request's keep-alive asks for.
 *
 * @param status      the status code and reason, e.g. {@code "200 OK"}
 * @param contentType the body's media type
 * @param body        the body
 * @param extraHeader one more header line without its CRLF (e.g. {@code Allow: GET, HEAD}), or null
 */
public record HttpResponse(String status, String contentType, byte[] body, String extraHeader) {

    /** A plain-text response. */
    public static HttpResponse text(String status, String text) {
        return new HttpResponse(status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * The bytes to send: without the body for {@code HEAD} (its {@code Content-Length} is still
     * the body's), with {@code Connection: close} unless {@code keepAlive}, and with
     * {@code Connection: keep-alive} for an HTTP/1.0 client that keeps the connection.
     */
    public byte[] encode(boolean head, boolean keepAlive, boolean http10) {
        StringBuilder h = new StringBuilder(160).append("HTTP/1.1 ").append(status)
                .append("\r\nServer: jswoole\r\nDate: ").append(HttpDate.now())
                .append("\r\nContent-Type: ").append(contentType)
                .append("\r\nContent-Length: ").append(body.length).append("\r\n");
        if (extraHeader != null) {
            h.append(extraHeader).append("\r\n");
        }
        if (!keepAlive) {
            h.append("Connection: close\r\n");
        } else if (http10) {
            h.append("Connection: keep-alive\r\n");
        }
        byte[] headBytes = h.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        if (head || body.length == 0) {
            return headBytes;
        }
        byte[] all = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, all, 0, headBytes.length);
        System.arraycopy(body, 0, all, headBytes.length, body.length);
        return all;
    }
}
