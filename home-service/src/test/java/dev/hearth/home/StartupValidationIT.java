package dev.hearth.home;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.home.testing.HearthApp;
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
        HearthApp app = HearthApp.onTestConfig().override("screens", screens.toString());

        assertThatThrownBy(app::start)
                .hasStackTraceContaining("home.yml:8")
                .hasStackTraceContaining("cardDetailz")
                .hasStackTraceContaining("cardDetails");
        app.stop();
    }

    @Test
    void anUnknownPortInConfigStopsStartUpNamingTheKey() {
        HearthApp app = HearthApp.onTestConfig().override("ports.balanse.timeout", "100ms");

        assertThatThrownBy(app::start).hasStackTraceContaining("ports.balanse");
        app.stop();
    }

    @Test
    void aBadShadowComparisonRuleStopsStartUpNamingTheKey() {
        HearthApp app = HearthApp.onTestConfig().override("migration.shadow.ignore", "sections[*.asOf");

        assertThatThrownBy(app::start).hasStackTraceContaining("migration.shadow")
                .hasStackTraceContaining("sections[*.asOf");
        app.stop();
    }

    @Test
    void aNegativeOverloadThresholdStopsStartUpNamingTheKey() {
        HearthApp app = HearthApp.onTestConfig().override("migration.fallbackWhenLateBy", "-5ms");

        assertThatThrownBy(app::start).hasStackTraceContaining("migration.fallbackWhenLateBy");
        app.stop();
    }

    @Test
    void aNegativeAnswerAtOnceThresholdStopsStartUpNamingTheKey() {
        HearthApp app = HearthApp.onTestConfig().override("overload.answerAtOnceAfter", "-5ms");

        assertThatThrownBy(app::start).hasStackTraceContaining("overload.answerAtOnceAfter");
        app.stop();
    }

    @Test
    void limitsOnScreensInHandOutOfOrderStopStartUpSayingHowToWriteThem() {
        HearthApp app = HearthApp.onTestConfig().override("overload.concurrency.minLimit", "1200");

        assertThatThrownBy(app::start).hasStackTraceContaining("overload.concurrency")
                .hasStackTraceContaining(
                        "needs minLimit <= initialLimit <= maxLimit (initialLimit left out is minLimit)");
        app.stop();
    }

    @Test
    void migrationsRunAtStartUp(@TempDir Path dir) throws Exception {
        String url = "jdbc:h2:" + dir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        HearthApp app = HearthApp.onTestConfig().override("database.url", url);
        app.start();
        app.stop();

        try (Connection connection = DriverManager.getConnection(url, "sa", "");
                ResultSet tables = connection.getMetaData().getTables(null, null, "account_nickname", null)) {
            assertThat(tables.next()).as("account_nickname table created").isTrue();
        }
    }
}
