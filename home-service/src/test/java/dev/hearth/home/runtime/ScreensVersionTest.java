package dev.hearth.home.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScreensVersionTest {
    @Test
    void theSameFilesGiveTheSameVersionAndAChangedOneAnother(@TempDir Path a, @TempDir Path b) throws Exception {
        Files.writeString(a.resolve("home.yml"), "screen: home\n");
        Files.writeString(a.resolve("README.txt"), "not a screen");
        Files.writeString(b.resolve("home.yml"), "screen: home\n");

        assertThat(ScreensVersion.of(a)).matches("[0-9a-f]{12}").isEqualTo(ScreensVersion.of(b));

        Files.writeString(b.resolve("home.yml"), "screen: home\n# changed\n");
        assertThat(ScreensVersion.of(b)).isNotEqualTo(ScreensVersion.of(a));
        Files.writeString(b.resolve("home.yml"), "screen: home\n");
        Files.move(b.resolve("home.yml"), b.resolve("start.yml"));
        assertThat(ScreensVersion.of(b)).as("a renamed file").isNotEqualTo(ScreensVersion.of(a));
    }
}
