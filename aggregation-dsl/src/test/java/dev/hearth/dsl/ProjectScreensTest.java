package dev.hearth.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The screen files product engineers edit (../screens) parse with this DSL. */
class ProjectScreensTest {
    @Test
    void theProjectsScreenFilesParse() throws Exception {
        Path screens = Path.of("..", "screens");
        assertThat(screens).isDirectory();
        try (Stream<Path> files = Files.list(screens)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yml")).toList()) {
                Screen screen = ScreenYaml.parse(file);
                assertThat(screen.sections()).as(file.toString()).isNotEmpty();
            }
        }
    }
}
