package io.onrabble.app;

import io.onrabble.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code java -jar onrabble-server.jar [serve|token|migrate|bench]}; with no command it serves. */
@Command(name = "onrabble", mixinStandardHelpOptions = true, version = "OnRabble server 0.1.0",
        description = "Self-hostable real-time chat server speaking the OnRabble protocol.",
        subcommands = {ServeCommand.class, TokenCommand.class, MigrateCommand.class, BenchCommand.class})
public final class Main implements Callable<Integer> {

    public static void main(String[] args) {
        var commandLine = new CommandLine(new Main());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        return new ServeCommand().call();
    }
}
