package dev.hearth.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScreenCatalogTest {
    @TempDir
    Path dir;

    @Test
    void loadsEveryScreenFile() throws Exception {
        Files.writeString(dir.resolve("home.yml"), ValidationTest.HOME);
        Files.writeString(dir.resolve("other.yaml"), ValidationTest.HOME.replace("screen: home", "screen: other"));
        Files.writeString(dir.resolve("README.md"), "not a screen");

        ScreenCatalog<ValidationTest.Customer> catalog = ScreenCatalog.load(dir, ValidationTest.ENGINE);

        assertThat(catalog.ids()).containsExactly("home", "other");
        assertThat(catalog.find("home").orElseThrow().screen()).isEqualTo(ScreenYaml.parse("x", ValidationTest.HOME));
    }

    @Test
    void collectsTheProblemsOfEveryFileAndLoadsNothing() throws Exception {
        Files.writeString(dir.resolve("a.yml"), ValidationTest.HOME.replace("port: profile", "port: profil"));
        Files.writeString(dir.resolve("b.yml"), "screen: b\nbudget: soon\nsections: []\n");
        Files.writeString(dir.resolve("c.yml"), ValidationTest.HOME.replace("screen: home", "screen: c"));

        assertThatThrownBy(() -> ScreenCatalog.load(dir, ValidationTest.ENGINE))
                .isInstanceOf(ScreenDefinitionException.class)
                .hasMessageContaining("a.yml:5: section 'profile' calls unknown port 'profil'")
                .hasMessageContaining("b.yml:2: bad duration 'soon' for budget");
    }

    @Test
    void aMissingDirectoryIsExplained() {
        assertThatThrownBy(() -> ScreenCatalog.load(dir.resolve("nope"), ValidationTest.ENGINE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
    }
}
