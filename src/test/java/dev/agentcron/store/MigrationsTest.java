package dev.agentcron.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MigrationsTest {

    private static List<String> names(String dialect) throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/db", dialect))) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void bothDialectsHaveTheSameMigrationsInTheSameOrder() throws IOException {
        assertThat(names("sqlite")).isNotEmpty().isEqualTo(names("postgres"));
    }
}
