package io.onrabble.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Everything logged while it is open, written exactly as the production console would write it
 * (the pattern of logback.xml, with its redaction and escaping), with the server's loggers at DEBUG.
 */
public final class LogCapture implements AutoCloseable {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    private final Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();

    public LogCapture() {
        var console = (OutputStreamAppender<ILoggingEvent>) root.getAppender("console");
        appender.setContext(context);
        appender.setEncoder(console.getEncoder());
        appender.setOutputStream(captured);
        appender.start();
        root.addAppender(appender);
        context.getLogger("io.onrabble").setLevel(Level.DEBUG);
    }

    public String text() {
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        root.detachAppender(appender);
        appender.stop();
        context.getLogger("io.onrabble").setLevel(null);
    }
}
