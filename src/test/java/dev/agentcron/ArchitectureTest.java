package dev.agentcron;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Dependencies point one way, and time is read only through the injected clock. */
class ArchitectureTest {

    private static final Path MAIN = Path.of("src/main/java/dev/agentcron");
    /** A reference to one of our packages: an import, or a fully qualified name anywhere in the code or its docs. */
    private static final Pattern REFERENCE = Pattern.compile("\\bdev\\.agentcron\\.([a-z]+)\\b");
    private static final Pattern PACKAGE_LINE = Pattern.compile("^package [^;]+;", Pattern.MULTILINE);

    /** For each package, the packages of ours it may import (besides itself). */
    private static final Map<String, List<String>> ALLOWED = Map.of(
            "domain", List.of(),
            "config", List.of("domain"),
            "store", List.of("domain"),
            "service", List.of("domain", "store"),
            "runner", List.of("domain"),
            "callback", List.of("domain", "store", "runner"),
            "engine", List.of("domain", "store", "runner", "callback"),
            "api", List.of("domain", "service", "api"),
            "cli", List.of("domain"));

    @Test
    void packagesImportOnlyWhatTheLayeringAllows() throws IOException {
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<String> violations = files.filter(f -> f.toString().endsWith(".java")).flatMap(file -> {
                String pkg = MAIN.relativize(file).getName(0).toString();
                if (!ALLOWED.containsKey(pkg)) {
                    return Stream.empty(); // Main and App: the composition root sees everything
                }
                Matcher m = REFERENCE.matcher(PACKAGE_LINE.matcher(read(file)).replaceFirst(""));
                return m.results()
                        .map(r -> r.group(1))
                        .filter(imported -> !imported.equals(pkg) && !ALLOWED.get(pkg).contains(imported))
                        .map(imported -> MAIN.relativize(file) + " imports " + imported);
            }).toList();

            assertThat(violations).isEmpty();
        }
    }

    @Test
    void onlyTheRuntimeLoopAndTheRootReadTheSystemClockOrSleep() throws IOException {
        Pattern banned = Pattern.compile("Instant\\.now\\(|System\\.currentTimeMillis\\(|Thread\\.sleep\\(|LocalDateTime\\.now\\(");
        try (Stream<Path> files = Files.walk(MAIN)) {
            List<Path> offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> banned.matcher(read(f)).find())
                    .toList();

            assertThat(offenders).isEmpty();
        }
    }

    @Test
    void everyPackageSaysWhatItOwns() throws IOException {
        try (Stream<Path> dirs = Files.walk(MAIN)) {
            List<Path> missing = dirs.filter(Files::isDirectory)
                    .filter(d -> !d.equals(MAIN))
                    .filter(d -> !Files.exists(d.resolve("package-info.java")))
                    .toList();

            assertThat(missing).isEmpty();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
