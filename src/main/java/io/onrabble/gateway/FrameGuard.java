package io.onrabble.gateway;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.util.ReferenceCountUtil;
import io.onrabble.metrics.Metrics;
import io.onrabble.protocol.CloseCode;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.impl.HttpServerConnection;

import java.time.Duration;

/**
 * What RFC 6455 requires of a server and Vert.x leaves out, as Netty handlers between the frame
 * decoder and Vert.x, so a violation never reaches Vert.x (which would answer a ping, echo a close
 * code, or hand on a text that is not UTF-8):
 * <ul>
 * <li>text messages must be UTF-8: Netty's own {@link Utf8FrameValidator}, across fragments; 1007;</li>
 * <li>close codes must be defined ones (Netty accepts anything from 3000 up, 5000 and 65535 too); 1002;</li>
 * <li>control frames (pings, pongs) are rate-limited: each ping costs a pong the client need not
 *     read, so a flood would pile pongs up in memory; 1008;</li>
 * <li>what the decoder itself finds (RSV bits without an extension, reserved opcodes, oversized or
 *     fragmented control frames, a continuation without a start, a frame over the size limit) fails
 *     the connection with the decoder's code (1002, 1009) instead of leaving it open and deaf.</li>
 * </ul>
 * Failing means a close frame with the code, then the TCP connection is closed (no waiting for the
 * client's close), and {@code onrabble_ws_protocol_failures_total{code}} counts it.
 */
public final class FrameGuard extends ChannelInboundHandlerAdapter {
    private static final int LARGEST_CLOSE_CODE = 4999;
    private static final String VERTX_HANDLER = "handler";

    private final Metrics metrics;
    private final Bucket controlFrames;
    private boolean failed;

    private FrameGuard(Metrics metrics, int controlFramesPerSecond) {
        this.metrics = metrics;
        this.controlFrames = Bucket.builder().addLimit(Bandwidth.builder().capacity(2L * controlFramesPerSecond)
                .refillGreedy(controlFramesPerSecond, Duration.ofSeconds(1)).build()).build();
    }

    /**
     * Puts the guard in front of Vert.x's handler ({@code "handler"}) of a new HTTP/1.x connection, as
     * the server's connection handler: it passes HTTP through untouched and watches the WebSocket
     * frames once the connection is upgraded (the upgrade replaces Vert.x's handler in place, after
     * the guard and after the decoder of any negotiated extension). Vert.x has no public access to
     * the pipeline; {@code HttpServerConnection} is its internal type of such connections.
     */
    public static void install(HttpConnection connection, Metrics metrics, int controlFramesPerSecond) {
        if (connection instanceof HttpServerConnection http) {
            var pipeline = http.channelHandlerContext().pipeline();
            pipeline.addBefore(VERTX_HANDLER, "onrabble-utf8", new Utf8FrameValidator(false));
            pipeline.addBefore(VERTX_HANDLER, "onrabble-frame-guard", new FrameGuard(metrics, controlFramesPerSecond));
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (failed) {
            ReferenceCountUtil.release(msg); // nothing after a violation gets an answer
        } else if (msg instanceof CloseWebSocketFrame close && close.content().readableBytes() >= 2
                && close.statusCode() > LARGEST_CLOSE_CODE) {
            ReferenceCountUtil.release(msg);
            fail(ctx, CloseCode.PROTOCOL_ERROR, "invalid close code");
        } else if ((msg instanceof PingWebSocketFrame || msg instanceof PongWebSocketFrame) && !controlFrames.tryConsume(1)) {
            ReferenceCountUtil.release(msg);
            fail(ctx, CloseCode.POLICY_VIOLATION, "too many control frames");
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            fail(ctx, corrupted.closeStatus().code(), corrupted.closeStatus().reasonText());
        } else {
            ctx.fireExceptionCaught(cause);
        }
    }

    private void fail(ChannelHandlerContext ctx, int code, String reason) {
        if (!failed && ctx.channel().isOpen()) {
            failed = true;
            metrics.protocolFailure(code);
            // ctx.close(), not channel().close(): the latter passes Vert.x's handler, which would wait
            // out its closing handshake for a client that broke the protocol
            ctx.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(written -> ctx.close());
        }
    }
}
