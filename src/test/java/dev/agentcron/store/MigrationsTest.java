package dev.agentcron.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Migrations: a common base both databases run, and files of their own only where the schema really differs. */
class MigrationsTest {

    private static List<String> versions(String folder) throws IOException {
        Path dir = Path.of("src/main/resources/db", folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(f -> f.getFileName().toString().replaceFirst("__.*", "")).toList();
        }
    }

    @Test
    void everyVersionIsOneFileForEachDatabase() throws IOException {
        for (Dialect dialect : List.of(new Dialect.Sqlite(), new Dialect.Postgres(java.time.Duration.ofSeconds(1)))) {
            List<String> all = new ArrayList<>();
            for (String location : dialect.migrations()) {
                all.addAll(versions(location.substring("classpath:db/".length())));
            }

            assertThat(all).as(dialect.toString()).isNotEmpty().doesNotHaveDuplicates().allMatch(v -> v.matches("V\\d{3}"));
        }
    }
}
