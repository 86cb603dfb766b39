package io.onrabble.domain;

/** A number of public messages in one channel, as the admin analytics frames carry it. */
public record ChannelCount(String channel, long count) {
}
