package io.onrabble.deploy;

import io.onrabble.testing.TestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Every metric the Grafana dashboard and the alert rules query is one a running server exports. */
class MetricNamesTest {
    private static final Pattern NAME = Pattern.compile("\\b((?:onrabble|jvm|process)_[a-z_]+)\\b");

    @Test
    void theDashboardAndTheAlertsOnlyUseExportedMetrics() throws Exception {
        var dashboard = namesIn(Path.of("deploy/grafana/onrabble.json"));
        var alerts = namesIn(Path.of("deploy/prometheus/alerts.yml"));
        assertThat(dashboard).contains("onrabble_connections_open", "onrabble_messages_in_total",
                "onrabble_messages_rejected_total", "onrabble_outbound_dropped_total", "onrabble_queue_length",
                "onrabble_flush_batch_seconds", "jvm_memory_used_bytes");
        assertThat(alerts).contains("onrabble_outbound_dropped_total", "onrabble_queue_length",
                "onrabble_flush_messages_total", "onrabble_flush_dead_lettered_total", "onrabble_dependency_up");

        try (var server = TestServer.start(); var client = server.connect("alice")) {
            // A rejection registers the per-reason counter, as the first one does in production.
            client.send("{\"type\":\"no_such_type\"}");
            client.skipTo("error");
            var exported = exportedNames(server.metrics());

            assertThat(exported).containsAll(dashboard).containsAll(alerts);
        }
    }

    private static Set<String> namesIn(Path file) throws Exception {
        var names = new TreeSet<String>();
        var matcher = NAME.matcher(Files.readString(file));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /** Metric names in the Prometheus text format: each sample line starts with its name. */
    private static Set<String> exportedNames(String exposition) {
        var names = new TreeSet<String>();
        for (var line : exposition.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }
}
