package dev.hearth.home.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.home.HomeApplication;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.testing.ResourceHelpers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * config.yml is read as the application reads it (its own bootstrap: source provider and configuration factory), with
 * {@code ${VAR}} taken from the process environment: secrets and per-deployment values (auth.jwksUri) live outside the
 * file. The variable is set for the test JVM by home-service's surefire configuration.
 */
class ConfigFromEnvironmentTest {
    @TempDir
    Path dir;

    /** test-config.yml with {@code auth:} replaced by {@code auth}. */
    private HomeConfiguration read(String auth) throws Exception {
        String testConfig = Files.readString(Path.of(ResourceHelpers.resourceFilePath("test-config.yml")));
        Path file = dir.resolve("config.yml");
        Files.writeString(file, testConfig.replaceFirst("(?s)\nauth:\n.*?\n\n", java.util.regex.Matcher.quoteReplacement("\n" + auth + "\n")));
        HomeApplication application = new HomeApplication();
        Bootstrap<HomeConfiguration> bootstrap = new Bootstrap<>(application);
        application.initialize(bootstrap);
        return bootstrap.getConfigurationFactoryFactory()
                .create(HomeConfiguration.class, bootstrap.getValidatorFactory().getValidator(),
                        bootstrap.getObjectMapper(), "dw")
                .build(bootstrap.getConfigurationSourceProvider(), file.toString());
    }

    @Test
    void aValueComesFromTheEnvironment() throws Exception {
        assertThat(System.getenv("HEARTH_TEST_AUDIENCE")).as("set by surefire").isEqualTo("audience-from-the-environment");

        HomeConfiguration config = read("""
                auth:
                  audience: ${HEARTH_TEST_AUDIENCE}
                  jwksUri: ${HEARTH_TEST_UNSET_JWKS_URI:-https://idp.example/.well-known/jwks.json}
                """);

        assertThat(config.getAuth().getAudience()).isEqualTo("audience-from-the-environment");
        assertThat(config.getAuth().getJwksUri()).hasValueSatisfying(
                uri -> assertThat(uri).hasToString("https://idp.example/.well-known/jwks.json"));
    }

    @Test
    void anUnsetVariableWithoutADefaultStopsStartUpNamingIt() {
        assertThatThrownBy(() -> read("""
                auth:
                  jwksUri: ${HEARTH_TEST_UNSET_JWKS_URI}
                """)).hasMessageContaining("HEARTH_TEST_UNSET_JWKS_URI");
    }
}
