package io.onrabble.bench;

import io.onrabble.app.Config;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A mistake on the bench command line is one clear message naming the option, before anything connects. */
@Tag("fast")
class BenchArgumentsTest {
    @TempDir
    Path dataDir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "-n 0 -k 0 --connect-only                     | nothing to connect",
            "-n 10 -k 0                                   | at least one subscriber and one publisher",
            "--rate 0                                     | --rate must be positive",
            "--rate 25000 -k 2                            | use at least 3 --publishers",
            "--sweep --sweep-max 30000 -k 2               | use at least 3 --publishers",
            "--sweep --sweep-factor 1                     | --sweep-factor must be above 1",
            "--connect-only --sweep                       | --connect-only and --sweep exclude each other",
            "--concurrency 0                              | --concurrency must be at least 1",
            "--duration 10x                               | '10x' is not a duration",
            "--duration 500ms                             | --duration must be at least 1s",
            "--url http://127.0.0.1:1/ws                  | --url must be a ws:// or wss:// URL",
            "--max-loss 100                               | --max-loss",
            "--tokens /no/such/file                       | --tokens /no/such/file is not a readable file",
            "--admin-token-file /tmp/x                    | --admin-token-file needs --tokens",
            "-n 5                                         | no development issuer key",
    })
    void isRefusedWithAMessageNamingTheProblem(String args, String message) {
        var result = bench(args.strip().split(" +"));
        assertThat(result[0]).isEqualTo("2");
        assertThat(result[1]).startsWith("error: ").contains(message);
    }

    @org.junit.jupiter.api.Test
    void aTokensFileWithTooFewTokensSaysHowManyAreNeeded() throws Exception {
        var file = Files.writeString(dataDir.resolve("tokens.txt"), "a.b.c\n\nd.e.f\n");
        var result = bench("--tokens", file.toString(), "-n", "5", "-k", "1");
        assertThat(result[1]).contains("holds 2 tokens, 6 are needed (--publishers 1 + --subscribers 5)");
    }

    /** Runs the command as Main does (same error handling); exit code and standard error. */
    private String[] bench(String... args) {
        var err = new StringWriter();
        var command = new CommandLine(new BenchCommand(Map.of(Config.PREFIX + "DATA_DIR", dataDir.toString())));
        command.setErr(new PrintWriter(err));
        command.setOut(new PrintWriter(new StringWriter()));
        command.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("error: " + e.getMessage());
            return 2;
        });
        int code = command.execute(args);
        return new String[]{Integer.toString(code), err.toString()};
    }
}
