package io.onrabble.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.pattern.CompositeConverter;

/** {@code %escape(...)} in logback.xml: what it wraps (the message, MDC values) is written by {@link LogText#escape}. */
public final class EscapingConverter extends CompositeConverter<ILoggingEvent> {
    @Override
    protected String transform(ILoggingEvent event, String in) {
        return LogText.escape(in);
    }
}
