package dev.hearth.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.home.config.HomeConfiguration;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hearth refuses to start half-configured, and says exactly what to fix. */
class StartupValidationIT {

    @Test
    void aBrokenScreenFileStopsStartUpWithFileAndLine(@TempDir Path screens) throws Exception {
        Files.writeString(screens.resolve("home.yml"), """
                screen: home
                budget: 800ms
                sections:
                  - id: profile
                    port: profile
                    required: true
                  - id: cards
                    port: cardDetailz
                    from: { each: cardList }
                    optional: true
                """);
        DropwizardTestSupport<HomeConfiguration> app = support(ConfigOverride.config("screens", screens.toString()));

        assertThatThrownBy(app::before)
                .hasStackTraceContaining("home.yml:8")
                .hasStackTraceContaining("cardDetailz")
                .hasStackTraceContaining("cardDetails");
        app.after();
    }

    @Test
    void anUnknownPortInConfigStopsStartUpNamingTheKey() {
        DropwizardTestSupport<HomeConfiguration> app = support(ConfigOverride.config("ports.balanse.timeout", "100ms"));

        assertThatThrownBy(app::before).hasStackTraceContaining("ports.balanse");
        app.after();
    }

    @Test
    void aBadShadowComparisonRuleStopsStartUpNamingTheKey() {
        DropwizardTestSupport<HomeConfiguration> app = support(
                ConfigOverride.config("migration.shadow.ignore", "sections[*.asOf"));

        assertThatThrownBy(app::before).hasStackTraceContaining("migration.shadow")
                .hasStackTraceContaining("sections[*.asOf");
        app.after();
    }

    @Test
    void aNegativeOverloadThresholdStopsStartUpNamingTheKey() {
        DropwizardTestSupport<HomeConfiguration> app = support(
                ConfigOverride.config("migration.fallbackWhenLateBy", "-5ms"));

        assertThatThrownBy(app::before).hasStackTraceContaining("migration.fallbackWhenLateBy");
        app.after();
    }

    @Test
    void migrationsRunAtStartUp(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:" + dir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        DropwizardTestSupport<HomeConfiguration> app = support(ConfigOverride.config("database.url", url));
        app.before();
        app.after();

        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                ResultSet tables = connection.getMetaData().getTables(null, null, "account_nickname", null)) {
            assertThat(tables.next()).as("account_nickname table created").isTrue();
        }
    }

    private static DropwizardTestSupport<HomeConfiguration> support(ConfigOverride... overrides) {
        return new DropwizardTestSupport<>(HomeApplication.class, ResourceHelpers.resourceFilePath("test-config.yml"),
                overrides);
    }
}
