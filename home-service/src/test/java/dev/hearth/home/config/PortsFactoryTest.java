package dev.hearth.home.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hearth.home.resilience.PortPolicy;
import io.dropwizard.configuration.ConfigurationException;
import io.dropwizard.configuration.DefaultConfigurationFactoryFactory;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.jersey.validation.Validators;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** config.yml's ports: block, parsed as Dropwizard parses it, merged and checked key by key. */
class PortsFactoryTest {
    private static final Set<String> PORTS = Set.of("profile", "balance", "nickname", "banners");
    private static final Set<String> WRITES = Set.of("nickname");

    private static PortsFactory parse(String yaml) throws IOException, ConfigurationException {
        ObjectMapper mapper = Jackson.newObjectMapper();
        return new DefaultConfigurationFactoryFactory<PortsFactory>()
                .create(PortsFactory.class, Validators.newValidator(), mapper, "dw")
                .build(path -> new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "ports.yml");
    }

    private static Map<String, PortPolicy> resolve(String yaml) throws Exception {
        return parse(yaml).resolve(PORTS, WRITES);
    }

    @Test
    void aPortOverridesOnlyTheKeysItNames() throws Exception {
        Map<String, PortPolicy> policies = resolve("""
                defaults:
                  timeout: 1s
                  retry: { maxAttempts: 1, backoff: 30ms, maxBackoff: 300ms, jitter: 0.2 }
                  circuitBreaker: { openDelay: 7s }
                balance: { timeout: 300ms, retry: { maxAttempts: 2 } }
                """);

        PortPolicy balance = policies.get("balance");
        assertThat(balance.timeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(balance.retry()).isEqualTo(new PortPolicy.Retry(2, Duration.ofMillis(30), Duration.ofMillis(300), 0.2, true));
        assertThat(balance.breaker().openDelay()).isEqualTo(Duration.ofSeconds(7));
        assertThat(balance.breaker().failureRateThreshold()).isEqualTo(PortPolicy.DEFAULT.breaker().failureRateThreshold());
        assertThat(policies.get("profile").timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(policies.get("profile").retry().maxAttempts()).isEqualTo(1);
    }

    @Test
    void nothingConfiguredIsTheBuiltInDefault() throws Exception {
        assertThat(new PortsFactory().resolve(PORTS, WRITES).get("banners")).isEqualTo(PortPolicy.DEFAULT);
    }

    @Test
    void aWriteNeverInheritsADefaultRetry() throws Exception {
        Map<String, PortPolicy> policies = resolve("defaults: { retry: { maxAttempts: 3 } }");

        assertThat(policies.get("nickname").retry().maxAttempts()).isEqualTo(1);
        assertThat(policies.get("balance").retry().maxAttempts()).isEqualTo(3);
    }

    @Test
    void aBatchSizeIsAPortsOwnOrTheDefaultsAndOutOfRangeFailsNamingTheKey() throws Exception {
        Map<String, PortPolicy> policies = resolve("defaults: { batchSize: 20 }\nnickname: { batchSize: 5 }");
        assertThat(policies.get("nickname").batchSize()).isEqualTo(5);
        assertThat(policies.get("balance").batchSize()).isEqualTo(20);
        assertThat(new PortsFactory().resolve(PORTS, WRITES).get("balance").batchSize()).as("engine's").isZero();

        assertThatThrownBy(() -> resolve("balance: { batchSize: 0 }\nbanners: { batchSize: 501 }"))
                .hasMessageContaining("ports.balance.batchSize: must be from 1 to 500 items per batch call, was 0")
                .hasMessageContaining("ports.banners.batchSize: must be from 1 to 500 items per batch call, was 501");
    }

    @Test
    void anUnknownKeyFailsNamingIt() {
        assertThatThrownBy(() -> parse("balance: { retry: { maxAtempts: 2 } }"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("maxAtempts")
                .hasMessageContaining("balance.retry");
    }

    @Test
    void aNegativeDurationFailsNamingTheKey() {
        assertThatThrownBy(() -> parse("balance: { retry: { backoff: -5ms } }"))
                .isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("balance.retry.backoff");
    }

    @Test
    void retryOnAPortThatWritesFailsNamingTheKey() {
        assertThatThrownBy(() -> resolve("nickname: { retry: { maxAttempts: 2 } }"))
                .hasMessageContaining("ports.nickname.retry.maxAttempts: port 'nickname' writes");
    }

    @Test
    void impossibleValuesAndCombinationsFailNamingTheKeyAllAtOnce() {
        assertThatThrownBy(() -> resolve("""
                defaults:
                  circuitBreaker: { failureRateThreshold: 0 }
                balance:
                  timeout: 0ms
                profile:
                  retry: { maxAttempts: 2, backoff: 100ms, maxBackoff: 50ms, jitter: 1.5 }
                  circuitBreaker: { minimumCalls: 2, halfOpenCalls: 3 }
                  bulkhead: { maxConcurrent: 0, maxWait: 2s }
                banners:
                  circuitBreaker: { failureRateThreshold: 101, openDelay: 0s }
                balanse: { timeout: 1s }
                """))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ports.defaults.circuitBreaker.failureRateThreshold: is a percentage of failed calls, from 1 to 100, not 0")
                .hasMessageContaining("ports.balance.timeout: must be positive")
                .hasMessageContaining("ports.profile.retry.maxBackoff: 50ms is less than backoff 100ms")
                .hasMessageContaining("ports.profile.retry.jitter:")
                .hasMessageContaining("ports.profile.circuitBreaker.halfOpenCalls: 3 is more than minimumCalls 2")
                .hasMessageContaining("ports.profile.bulkhead.maxConcurrent: must be at least 1")
                .hasMessageContaining("ports.profile.bulkhead.maxWait: 2000ms is not less than the port's timeout")
                .hasMessageContaining("ports.banners.circuitBreaker.failureRateThreshold: is a percentage of failed calls, from 1 to 100, not 101")
                .hasMessageContaining("ports.banners.circuitBreaker.openDelay: must be positive")
                .hasMessageContaining("ports.balanse: names no port");
    }

    /** The nickname port was called {@code alias} until issue 24: a config.yml not yet updated names the new one. */
    @Test
    void theOldAliasPortFailsListingNickname() {
        assertThatThrownBy(() -> resolve("alias: { timeout: 200ms }"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("config.yml has 1 problem(s) under ports:\n  ports.alias: names no port (a typo?). "
                        + "Ports are: [balance, banners, nickname, profile], and `defaults` for all of them");
    }

    @Test
    void tooManyAttemptsOrABackoffThatCannotFitTheTimeoutFail() {
        assertThatThrownBy(() -> resolve("balance: { retry: { maxAttempts: 11 } }"))
                .hasMessageContaining("ports.balance.retry.maxAttempts: must be from 1 (no retry) to 10, not 11");
        assertThatThrownBy(() -> resolve("balance: { timeout: 100ms, retry: { maxAttempts: 2, backoff: 100ms } }"))
                .hasMessageContaining("ports.balance.retry.backoff: 100ms is not less than the port's timeout 100ms");
    }

    @Test
    void theShippedConfigYmlResolves() throws Exception {
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of("../config.yml")));
        PortsFactory ports = parse(config.get("ports").toString());

        Map<String, PortPolicy> policies = ports.resolve(Set.of("profile", "accounts", "account", "balance", "activities",
                "partnership", "nickname", "cardList", "cardDetails", "openBanking", "banners"), WRITES);

        assertThat(policies.get("balance").retry().maxAttempts()).isEqualTo(2);
        assertThat(policies.get("nickname").retry().maxAttempts()).isEqualTo(1);
        assertThat(policies.get("banners").timeout()).isEqualTo(Duration.ofMillis(250));
    }
}
