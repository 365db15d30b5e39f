package dev.hearth.home.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hearth.home.resilience.PortPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatenessFitTest {
    /** One policy per named port, with that timeout and the defaults otherwise: {@code timeouts("nickname", 200)}. */
    static Map<String, PortPolicy> timeouts(Object... portAndMillis) {
        Map<String, PortPolicy> policies = new LinkedHashMap<>();
        for (int i = 0; i < portAndMillis.length; i += 2) {
            policies.put((String) portAndMillis[i], new PortPolicy(Duration.ofMillis((Integer) portAndMillis[i + 1]),
                    PortPolicy.DEFAULT.retry(), PortPolicy.DEFAULT.breaker(), PortPolicy.DEFAULT.bulkhead()));
        }
        return policies;
    }

    @Test
    void aFallbackThatComesOnlyAfterPortsTimeOutNamesThemShortestFirstWithWhatToChange() {
        LatenessFit fit = new LatenessFit(Duration.ofMillis(250));

        assertThat(fit.warnings(timeouts("profile", 300, "banners", 250, "nickname", 200, "openBanking", 600)))
                .containsExactly("migration.fallbackWhenLateBy is 250ms, but ports.nickname.timeout 200ms, "
                        + "ports.banners.timeout 250ms are no longer: while Hearth runs that late, those calls time out "
                        + "and their sections degrade before the overload fallback answers a single home from legacy. "
                        + "Lower migration.fallbackWhenLateBy well under 200ms, or raise those timeouts");
    }

    @Test
    void oneSuchPortIsNamedInTheSingular() {
        assertThat(new LatenessFit(Duration.ofMillis(210)).warnings(timeouts("nickname", 200, "profile", 300)))
                .singleElement().asString()
                .startsWith("migration.fallbackWhenLateBy is 210ms, but ports.nickname.timeout 200ms is no longer:");
    }

    @Test
    void aFallbackUnderEveryTimeoutOrTurnedOffWarnsOfNothing() {
        Map<String, PortPolicy> policies = timeouts("nickname", 200, "profile", 300);

        assertThat(new LatenessFit(Duration.ofMillis(199)).warnings(policies)).isEmpty();
        assertThat(new LatenessFit(Duration.ZERO).warnings(timeouts("nickname", 1))).isEmpty();
    }

    /** The shipped fallback (100ms) is well under the shipped ports' shortest timeout (nickname, 200ms). */
    @Test
    void theShippedFallbackComesBeforeAnyShippedTimeout() throws Exception {
        var config = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of("../config.yml")));
        Duration shipped = Duration.ofMillis(Long.parseLong(
                config.at("/migration/fallbackWhenLateBy").asText().replace("ms", "")));

        assertThat(shipped).isEqualTo(Duration.ofMillis(100));
        assertThat(new LatenessFit(shipped).warnings(PoolFitTest.shippedPortPolicies())).isEmpty();
        assertThat(new LatenessFit(Duration.ofMillis(200)).warnings(PoolFitTest.shippedPortPolicies()))
                .singleElement().asString().contains("ports.nickname.timeout 200ms is no longer");
    }
}
