package dev.hearth.home.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** config.yml's resultStore: block, parsed and validated as Dropwizard does at start-up. */
class ResultStoreFactoryTest {
    static final class Root {
        @Valid
        @NotNull
        @JsonProperty
        ResultStoreFactory resultStore = new ResultStoreFactory();
    }

    private static ResultStoreFactory parse(String yaml) throws IOException, ConfigurationException {
        return new DefaultConfigurationFactoryFactory<Root>()
                .create(Root.class, Validators.newValidator(), Jackson.newObjectMapper(), "dw")
                .build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "config.yml")
                .resultStore;
    }

    @Test
    void theDefaultsKeepValuesInMemoryWithAFiveMillisecondDeadline() throws Exception {
        ResultStoreFactory store = parse("resultStore: { redisUri: '' }");
        assertThat(store.redis()).isEmpty();
        assertThat(store.operationTimeout()).isEqualTo(Duration.ofMillis(5));
        assertThat(store.keyPrefix()).isEqualTo("hearth:results:");
        assertThat(store.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void anUnsetVariableLeavesRedisUriNullWhichIsInMemory() throws Exception {
        assertThat(parse("resultStore: { redisUri: , operationTimeout: 5ms }").redis()).isEmpty();
        assertThat(parse("resultStore: {}").redis()).isEmpty();
    }

    @Test
    void aRedisUriNamesTheSharedStore() throws Exception {
        ResultStoreFactory store = parse("resultStore: { redisUri: 'redis://:secret@redis.internal:6380/2', "
                + "operationTimeout: 10ms }");
        assertThat(store.redis()).hasValueSatisfying(uri -> {
            assertThat(uri.getHost()).isEqualTo("redis.internal");
            assertThat(uri.getPort()).isEqualTo(6380);
            assertThat(uri.getDatabase()).isEqualTo(2);
        });
        assertThat(store.operationTimeout()).isEqualTo(Duration.ofMillis(10));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "redis.internal:6379          | 'redis.internal:6379' is not a Redis URI: write redis://host:6379",
        "http://redis.internal:6379   | is not a Redis URI: write redis://host:6379",
        "redis://:secret@host:port    | 'redis://***@host:port' is not a Redis URI"})
    void aBadRedisUriStopsStartUpSayingHowToWriteIt(String uri, String message) throws Exception {
        ResultStoreFactory store = parse("resultStore: { redisUri: '" + uri + "' }");
        assertThatThrownBy(store::redis).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("resultStore.redisUri").hasMessageContaining(message)
                .hasMessageNotContaining("secret");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "operationTimeout: 0ms   | resultStore.operationTimeout must be greater than or equal to 1 MILLISECONDS",
        "operationTimeout: 2s    | resultStore.operationTimeout must be less than or equal to 1 SECONDS",
        "keyPrefix: ''           | resultStore.keyPrefix must not be empty"})
    void outOfRangeValuesAreRefusedByKey(String setting, String message) {
        assertThatThrownBy(() -> parse("resultStore: { " + setting + " }"))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining(message);
    }
}
