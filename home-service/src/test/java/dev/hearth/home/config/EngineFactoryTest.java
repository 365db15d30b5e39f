package dev.hearth.home.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** config.yml's engine: block, parsed and validated as Dropwizard does at start-up. */
class EngineFactoryTest {
    /** The part of HomeConfiguration under test, so problems are named as in config.yml. */
    static final class Root {
        @Valid
        @NotNull
        @JsonProperty
        EngineFactory engine = new EngineFactory();
    }

    private static Root parse(String yaml) throws IOException, ConfigurationException {
        return new DefaultConfigurationFactoryFactory<Root>()
                .create(Root.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw")
                .build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "config.yml");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "maxInFlightCalls, 0",
            "maxInFlightCalls, -5",
            "optionalShare, 0",
            "optionalShare, 1.5",
            "optionalShare, -0.2",
            "minimumCallTime, -1ms",
    })
    void aBadValueFailsStartUpNamingTheKey(String key, String value) {
        assertThatThrownBy(() -> parse("engine: { " + key + ": " + value + " }"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("engine." + key);
    }

    @Test
    void anUnknownKeyFailsNamingIt() {
        assertThatThrownBy(() -> parse("engine: { maxCallsInFlight: 100 }"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("maxCallsInFlight");
    }

    @Test
    void theLimitsAtTheirBoundsAreAccepted() throws Exception {
        parse("engine: { maxInFlightCalls: 1, optionalShare: 1, minimumCallTime: 0ms }").engine.builder(String.class);
    }

    @Test
    void theShippedConfigShedsOptionalCallsBeforeAnyPortBulkheadFills() throws Exception {
        var shipped = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of("../config.yml")));

        assertThat(shipped.at("/engine/maxInFlightCalls").asInt() * shipped.at("/engine/optionalShare").asDouble())
                .as("optional calls shed below where a 200-call bulkhead of balance, nickname or partnership fills "
                        + "(3 of a typical home request's 16 calls: at about 1,070 in flight)")
                .isLessThan(shipped.at("/ports/defaults/bulkhead/maxConcurrent").asInt() * 16 / 3.0);
        parse("engine: " + shipped.get("engine")).engine.builder(String.class);
    }
}
