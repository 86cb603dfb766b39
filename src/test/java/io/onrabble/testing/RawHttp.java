package io.onrabble.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests the JDK client will not send: any bytes in the request
 * target (bare {@code %}, invalid UTF-8 escapes, raw control characters) and any body bytes. One
 * request per connection ({@code Connection: close}).
 */
public final class RawHttp {
    /** The answer: status, headers (lower-case names, last value wins) and the body as text. */
    public record Response(int status, Map<String, String> headers, String body) {
        public String contentType() {
            return headers.getOrDefault("content-type", "");
        }
    }

    private RawHttp() {
    }

    /** Sends {@code method target} with the given extra header lines (each without CRLF) and body (may be null). */
    public static Response send(int port, String method, byte[] target, byte[] body, String... headerLines)
            throws IOException {
        try (var socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            var request = new ByteArrayOutputStream();
            request.writeBytes((method + " ").getBytes(StandardCharsets.US_ASCII));
            request.writeBytes(target);
            var head = new StringBuilder(" HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nConnection: close\r\n");
            for (var line : headerLines) {
                head.append(line).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            request.writeBytes(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            if (body != null) {
                request.writeBytes(body);
            }
            var out = socket.getOutputStream();
            try {
                out.write(request.toByteArray());
                out.flush();
            } catch (IOException e) {
                // the server may answer (413) and close before reading a large body; read its answer
            }
            return read(socket.getInputStream());
        }
    }

    /** {@link #send(int, String, byte[], byte[], String...)} with a target written as text (UTF-8). */
    public static Response send(int port, String method, String target, String body, String... headerLines)
            throws IOException {
        return send(port, method, target.getBytes(StandardCharsets.UTF_8),
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), headerLines);
    }

    private static Response read(InputStream in) throws IOException {
        var all = in.readAllBytes();
        var text = new String(all, StandardCharsets.ISO_8859_1);
        var end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no complete HTTP answer: " + text.length() + " bytes");
        }
        var lines = text.substring(0, end).split("\r\n");
        var status = Integer.parseInt(lines[0].split(" ", 3)[1]);
        var headers = new LinkedHashMap<String, String>();
        for (int i = 1; i < lines.length; i++) {
            var colon = lines[i].indexOf(':');
            headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        var bodyBytes = java.util.Arrays.copyOfRange(all, end + 4, all.length);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            bodyBytes = dechunk(bodyBytes);
        }
        return new Response(status, headers, new String(bodyBytes, StandardCharsets.UTF_8));
    }

    private static byte[] dechunk(byte[] chunked) {
        var out = new ByteArrayOutputStream();
        var text = new String(chunked, StandardCharsets.ISO_8859_1);
        var at = 0;
        while (true) {
            var lineEnd = text.indexOf("\r\n", at);
            var size = Integer.parseInt(text.substring(at, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) {
                return out.toByteArray();
            }
            out.write(chunked, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
    }
}
