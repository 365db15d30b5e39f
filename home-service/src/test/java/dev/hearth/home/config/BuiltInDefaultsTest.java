package dev.hearth.home.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.HomeApplication;
import io.dropwizard.configuration.YamlConfigurationFactory;
import io.dropwizard.core.setup.Bootstrap;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A command run without a config file reads Dropwizard's "default configuration": {@code new HomeConfiguration()}
 * written to a tree by the application's ObjectMapper and read back. Every built-in default must survive that.
 */
class BuiltInDefaultsTest {

    /** It did not: migration's getters return java.time.Duration, written as a number (1) no Dropwizard Duration reads. */
    @Test
    void migrationDurationsReadBackFromTheBuiltInDefaultsInsteadOfFailingAsDurationFromNumber() throws Exception {
        HomeConfiguration defaults = defaults();

        assertThat(defaults.getMigration().getPollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.getMigration().getLegacyTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(defaults.getMigration().getFallbackWhenLateBy()).isEqualTo(Duration.ofMillis(100));
        assertThat(defaults.getKillSwitches().getPollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.getExperiments().getPollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(defaults.getOverload().getAnswerAtOnceAfter()).isEqualTo(Duration.ofMillis(100));
        assertThat(defaults.getOverload().getMinimumBudgetLeft()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void everyBuiltInDefaultReadsBackAsItWasWritten() throws Exception {
        var mapper = bootstrap().getObjectMapper();

        assertThatCode(BuiltInDefaultsTest::defaults).doesNotThrowAnyException();
        JsonNode readBack = mapper.valueToTree(defaults());
        JsonNode written = mapper.valueToTree(new HomeConfiguration());
        // Hearth's own blocks; Dropwizard's (server.allowedMethods is a HashSet) may come back in another order.
        for (String block : new String[] {"auth", "sandbox", "screens", "downstreams", "ports", "engine", "migration",
                "killSwitches", "experiments", "overload"}) {
            assertThat(readBack.get(block)).as(block).isEqualTo(written.get(block));
        }
    }

    /** What {@code ./hearth <command>} without a file reads (unvalidated: auth.jwks has no default, on purpose). */
    private static HomeConfiguration defaults() throws Exception {
        return new YamlConfigurationFactory<>(HomeConfiguration.class, null, bootstrap().getObjectMapper(), "dw").build();
    }

    private static Bootstrap<HomeConfiguration> bootstrap() {
        HomeApplication application = new HomeApplication();
        Bootstrap<HomeConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        return bootstrap;
    }
}
