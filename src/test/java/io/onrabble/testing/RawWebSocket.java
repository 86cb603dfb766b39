package io.onrabble.testing;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A bare-bones WebSocket client over a plain socket, for behaviour the JDK client hides: never
 * reading, never answering pings, or sending frames no proper client would (any bits, any bytes).
 */
public final class RawWebSocket implements AutoCloseable {
    public record Frame(int opcode, byte[] payload) {
        public int closeCode() {
            return ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
        }
    }

    private final Socket socket;
    private final DataInputStream in;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        // Buffered: the handshake and frame headers are read a byte at a time (a system call each unbuffered).
        this.in = new DataInputStream(new java.io.BufferedInputStream(socket.getInputStream(), 65536));
    }

    /** Opens a connection; {@code receiveBufferBytes} small makes a client that the server can fill up quickly. */
    public static RawWebSocket open(int port, String token, int receiveBufferBytes) throws IOException {
        var socket = handshake(port, token, receiveBufferBytes);
        var raw = new RawWebSocket(socket);
        var status = raw.readLine();
        if (!status.contains(" 101 ")) {
            socket.close();
            throw new IOException("upgrade refused: " + status);
        }
        while (!raw.readLine().isEmpty()) {
            // skip the response headers
        }
        return raw;
    }

    /** Sends an upgrade request that the server must refuse and returns its whole HTTP response. */
    public static String refusal(int port, String token) throws IOException {
        try (var socket = handshake(port, token, 65536)) {
            var raw = new RawWebSocket(socket);
            var response = new StringBuilder();
            int contentLength = 0;
            for (var line = raw.readLine(); !line.isEmpty(); line = raw.readLine()) {
                response.append(line).append("\r\n");
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                    contentLength = Integer.parseInt(line.substring(15).trim());
                }
            }
            var body = new byte[contentLength];
            raw.in.readFully(body);
            return response.append("\r\n").append(new String(body, StandardCharsets.UTF_8)).toString();
        }
    }

    /** The status line the server answers an upgrade with {@code keyHeader} as its whole Sec-WebSocket-Key line ("" for none). */
    public static String refusalWithKey(int port, String token, String keyHeader) throws IOException {
        try (var socket = connect(port, 65536)) {
            var raw = new RawWebSocket(socket);
            raw.sendUpgrade(port, token, keyHeader, "");
            var status = raw.readLine();
            while (!raw.readLine().isEmpty()) {
                // skip the response headers
            }
            return status;
        }
    }

    /** Opens a connection that asks for permessage-deflate; the whole response head is returned through {@code head}. */
    public static RawWebSocket openOffering(int port, String token, String extraHeaders, StringBuilder head) throws IOException {
        var raw = new RawWebSocket(connect(port, 65536));
        raw.sendUpgrade(port, token, "Sec-WebSocket-Key: " + KEY + "\r\n", extraHeaders);
        for (var line = raw.readLine(); !line.isEmpty(); line = raw.readLine()) {
            head.append(line).append("\r\n");
        }
        if (!head.toString().contains(" 101 ")) {
            raw.close();
            throw new IOException("upgrade refused: " + head);
        }
        return raw;
    }

    private static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));

    private static Socket handshake(int port, String token, int receiveBufferBytes) throws IOException {
        var socket = connect(port, receiveBufferBytes);
        new RawWebSocket(socket).sendUpgrade(port, token, "Sec-WebSocket-Key: " + KEY + "\r\n", "");
        return socket;
    }

    private static Socket connect(int port, int receiveBufferBytes) throws IOException {
        var socket = new Socket();
        socket.setReceiveBufferSize(receiveBufferBytes);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        socket.setSoTimeout(15_000);
        return socket;
    }

    private void sendUpgrade(int port, String token, String keyHeader, String extraHeaders) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws?token=" + token + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade, close\r\n" + keyHeader + "Sec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private String readLine() throws IOException {
        var line = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c == -1) {
                throw new IOException("connection closed during the handshake");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** Sends one final text frame, masked as clients must. */
    public void sendText(String text) throws IOException {
        sendFrame(0x81, text.getBytes(StandardCharsets.UTF_8), true);
    }

    /**
     * Sends one frame as given: {@code firstByte} holds FIN, the RSV bits and the opcode
     * (0x81 is a final text frame); {@code masked} as clients must (false to break the rule).
     */
    public void sendFrame(int firstByte, byte[] payload, boolean masked) throws IOException {
        sendBytes(frame(firstByte, payload, masked));
    }

    /** The bytes of one frame as {@link #sendFrame} sends it, to send several in one write. */
    public static byte[] frame(int firstByte, byte[] payload, boolean masked) {
        payload = payload.clone();
        var bytes = new java.io.ByteArrayOutputStream(payload.length + 14);
        var out = new java.io.DataOutputStream(bytes);
        try {
            out.writeByte(firstByte);
            var maskBit = masked ? 0x80 : 0;
            if (payload.length < 126) {
                out.writeByte(maskBit | payload.length);
            } else if (payload.length < 65536) {
                out.writeByte(maskBit | 126);
                out.writeShort(payload.length);
            } else {
                out.writeByte(maskBit | 127);
                out.writeLong(payload.length);
            }
            if (masked) {
                var mask = new byte[] {1, 2, 3, 4};
                out.write(mask);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
            }
            out.write(payload);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array does not fail
        }
        return bytes.toByteArray();
    }

    /** Writes bytes as they are, e.g. a frame header that announces more than follows. */
    public void sendBytes(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** True once the server has closed the TCP connection (reads end-of-stream; frames still in flight are skipped). */
    public boolean closedByServer() throws IOException {
        try {
            while (in.read() != -1) {
                // drain
            }
            return true;
        } catch (java.net.SocketException e) {
            return true; // reset by the server
        }
    }

    /** Reads the next frame from the server (servers never mask). */
    public Frame readFrame() throws IOException {
        var first = in.readUnsignedByte();
        var second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        var payload = new byte[(int) length];
        in.readFully(payload);
        return new Frame(first & 0x0f, payload);
    }

    /** Reads frames until a close frame arrives and returns it. */
    public Frame readUntilClose() throws IOException {
        while (true) {
            var frame = readFrame();
            if (frame.opcode() == 0x8) {
                return frame;
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
