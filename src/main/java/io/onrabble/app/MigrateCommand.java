package io.onrabble.app;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "migrate", description = "Create or upgrade the database schema, then exit.")
final class MigrateCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        var config = Config.fromEnv(System.getenv());
        try (var ignored = OnRabbleServer.openDatabase(config)) {
            System.out.println("database schema is up to date");
        }
        return 0;
    }
}
