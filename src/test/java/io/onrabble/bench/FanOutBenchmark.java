package io.onrabble.bench;

import io.onrabble.domain.ChatMessage;
import io.onrabble.protocol.Codec;
import io.onrabble.protocol.ServerMessage;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The cost of preparing one broadcast for N recipients: encoding the frame once and handing the
 * same bytes to each (what ChatHub does) against encoding it per recipient; and the connect-time
 * history frame. Run by hand; see docs/benchmarks.md for the command.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FanOutBenchmark {
    @Param({"100", "1000"})
    int recipients;

    private final Codec codec = new Codec(4000);
    private ServerMessage.Chat chat;
    private ServerMessage.BulkChatMessages history;

    @Setup
    public void setUp() {
        var text = "a typical chat line of around eighty characters, with some words and punctuation!";
        chat = new ServerMessage.Chat(new ChatMessage(123_456, "0b8f2c1e-8f55-4c1a-9d7e-3f1a2b3c4d5e", "alice", 1,
                "General", text, Instant.parse("2026-11-28T08:00:00.123456Z")));
        var messages = new ArrayList<ChatMessage>();
        for (int i = 0; i < 500; i++) {
            messages.add(chat.message().withId(i));
        }
        history = new ServerMessage.BulkChatMessages(List.copyOf(messages));
    }

    @Benchmark
    public void encodeOnceShareBytes(Blackhole sink) {
        var bytes = codec.encode(chat);
        for (int i = 0; i < recipients; i++) {
            sink.consume(bytes);
        }
    }

    @Benchmark
    public void encodePerRecipient(Blackhole sink) {
        for (int i = 0; i < recipients; i++) {
            sink.consume(codec.encode(chat));
        }
    }

    @Benchmark
    public byte[] encodeHistoryOf500() {
        return codec.encode(history);
    }
}
