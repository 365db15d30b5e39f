package dev.hearth.home.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.home.testing.ConfigMapMount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

    /**
     * A ConfigMap mount holds the same files as the plain directory (behind links into a dated directory whose name
     * differs from pod to pod): the same version; its atomic update changes it.
     */
    @Test
    void aConfigMapMountGivesTheVersionOfItsFilesAndItsUpdateChangesIt(@TempDir Path plain, @TempDir Path k8s)
            throws Exception {
        Files.writeString(plain.resolve("home.yml"), "screen: home\n");
        Files.writeString(plain.resolve("start.yml"), "screen: start\n");
        ConfigMapMount mount = ConfigMapMount.create(k8s.resolve("screens"),
                Map.of("home.yml", "screen: home\n", "start.yml", "screen: start\n"));

        assertThat(ScreensVersion.of(mount.dir())).isEqualTo(ScreensVersion.of(plain));

        mount.update(Map.of("home.yml", "screen: home\n# changed\n", "start.yml", "screen: start\n"));
        Files.writeString(plain.resolve("home.yml"), "screen: home\n# changed\n");
        assertThat(ScreensVersion.of(mount.dir())).as("after the swap of ..data").isEqualTo(ScreensVersion.of(plain));
    }
}
