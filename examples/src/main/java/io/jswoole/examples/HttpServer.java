package io.jswoole.examples;

import io.jswoole.Server;
import io.jswoole.settings.Keys;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP/1.1 server on {@code open_http_protocol}: every {@code onReceive} is one whole request.
 * Keep-alive and pipelining (answers leave in request order), {@code Connection: close}, HTTP/1.0
 * (closed after the answer unless it asked for keep-alive), {@code HEAD}, and three routes:
 * <ul>
 * <li>{@code GET /}: {@code Hello, world!} as plain text;</li>
 * <li>{@code /echo}: the request's body (a chunked upload decoded), any method;</li>
 * <li>{@code GET /stats}: {@code server.stats()} as JSON.</li>
 * </ul>
 * A request the framing refuses gets its {@code 400}, {@code 413} or {@code 431} from the server.
 *
 * <pre>{@code
 * $ curl -v http://127.0.0.1:9501/ http://127.0.0.1:9501/stats    # one connection, reused
 * $ curl --data-binary @file -H 'Transfer-Encoding: chunked' http://127.0.0.1:9501/echo
 * }</pre>
 */
public final class HttpServer {
    static final String HELLO = "Hello, world!\n";

    private HttpServer() {
    }

    /** The HTTP server on {@code host:port}, not started. */
    public static Server create(String host, int port) {
        Server server = new Server(host, port, Sockets.tcp(host));
        server.set(Keys.OPEN_HTTP_PROTOCOL, true);
        server.onReceive((srv, fd, reactorId, data) -> {
            HttpRequest request = HttpRequest.parse(data);
            boolean keepAlive = request.keepAlive();
            HttpResponse response = route(srv, request);
            srv.send(fd, response.encode(request.method().equals("HEAD"), keepAlive,
                    request.version().equals("HTTP/1.0")));
            if (!keepAlive) {
                srv.close(fd);
            }
        });
        return server;
    }

    /** The response to {@code request}. */
    static HttpResponse route(Server srv, HttpRequest request) {
        String method = request.method();
        boolean read = method.equals("GET") || method.equals("HEAD");
        return switch (request.path()) {
            case "/" -> read ? HttpResponse.text("200 OK", HELLO) : notAllowed();
            case "/echo" -> new HttpResponse("200 OK", "application/octet-stream", request.body(), null);
            case "/stats" -> read ? new HttpResponse("200 OK", "application/json",
                    StatsJson.of(srv.stats()).getBytes(StandardCharsets.UTF_8), null) : notAllowed();
            default -> HttpResponse.text("404 Not Found", "Not Found\n");
        };
    }

    private static HttpResponse notAllowed() {
        return new HttpResponse("405 Method Not Allowed", "text/plain; charset=utf-8",
                "Method Not Allowed\n".getBytes(StandardCharsets.US_ASCII), "Allow: GET, HEAD");
    }

    /** Runs the server: {@code HttpServer [host [port]]}, by default on 127.0.0.1:9501. */
    public static void main(String[] args) {
        create(Sockets.host(args), Sockets.port(args)).start();
    }
}
