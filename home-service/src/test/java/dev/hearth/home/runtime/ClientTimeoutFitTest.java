package dev.hearth.home.runtime;

import static dev.hearth.home.runtime.LatenessFitTest.timeouts;
import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hearth.home.config.DownstreamFactory;
import dev.hearth.home.resilience.PortPolicy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClientTimeoutFitTest {
    private static final Map<String, List<String>> PORTS = Map.of(
            "coreBanking", List.of("profile", "balance", "activities"),
            "cards", List.of("cardList", "cardDetails"));

    @Test
    void portsThatWaitLongerThanTheirDownstreamsClientAreNamedLongestFirstWithWhatToChange() {
        ClientTimeoutFit fit = new ClientTimeoutFit(PORTS, downstream -> Duration.ofMillis(
                downstream.equals("coreBanking") ? 500 : 5_000));

        List<String> warnings = fit.warnings(timeouts("profile", 300, "balance", 600, "activities", 800,
                "cardList", 300, "cardDetails", 5_000));

        assertThat(warnings).containsExactly("downstreams.coreBanking.client.timeout is 500ms, but "
                + "ports.activities.timeout 800ms, ports.balance.timeout 600ms are longer: their calls end there, "
                + "waiting for 'coreBanking' to answer or for one of its pooled connections, as an ERROR (\"had no "
                + "whole answer\"), before the port's timeout is reached. Raise downstreams.coreBanking.client.timeout "
                + "above 800ms, or lower those timeouts");
    }

    @Test
    void onePortIsNamedInTheSingularAndATimeoutEqualToTheClientsIsFine() {
        ClientTimeoutFit fit = new ClientTimeoutFit(PORTS, downstream -> Duration.ofMillis(300));

        assertThat(fit.warnings(timeouts("profile", 300, "cardDetails", 301, "nickname", 60_000)))
                .singleElement().asString()
                .startsWith("downstreams.cards.client.timeout is 300ms, but ports.cardDetails.timeout 301ms is longer:")
                .endsWith("Raise downstreams.cards.client.timeout above 301ms, or lower that timeout");
    }

    @Test
    void aLegacyClientShorterThanTheLegacyTimeoutIsNamedAndOneAsLongIsFine() {
        assertThat(ClientTimeoutFit.legacy(Duration.ofSeconds(50), Duration.ofSeconds(30)))
                .hasValue("downstreams.legacy.client.timeout is 30000ms, but migration.legacyTimeout 50000ms is "
                        + "longer: the legacy home's calls end there, waiting for 'legacy' to answer or for one of "
                        + "its pooled connections, as an ERROR (\"had no whole answer\"), before "
                        + "migration.legacyTimeout is reached. Raise downstreams.legacy.client.timeout above 50000ms, "
                        + "or lower migration.legacyTimeout");
        assertThat(ClientTimeoutFit.legacy(Duration.ofSeconds(5), Duration.ofSeconds(5))).isEmpty();
    }

    /**
     * On Hearth's real downstreams: the shipped ports and legacy timeout fit the default client timeout (5s); a 250ms
     * one does not.
     */
    @Test
    void theShippedPortsFitTheDefaultClientTimeoutButNotAShortOneConfiguredForCards() throws Exception {
        Map<String, PortPolicy> shipped = PoolFitTest.shippedPortPolicies();
        Optional<URI> sandbox = Optional.of(URI.create("http://127.0.0.1:9090"));
        try (Downstreams defaults = new Downstreams(Map.of(), sandbox, new MetricRegistry())) {
            assertThat(ClientTimeoutFit.of(defaults, PoolFitTest.unconnectedPorts()).warnings(shipped)).isEmpty();
            assertThat(ClientTimeoutFit.legacy(shippedLegacyTimeout(), defaults.deadline("legacy").limit())).isEmpty();
        }

        DownstreamFactory cards = new DownstreamFactory();
        cards.getClient().setTimeout(io.dropwizard.util.Duration.milliseconds(250));
        try (Downstreams shortCards = new Downstreams(Map.of("cards", cards), sandbox, new MetricRegistry())) {
            assertThat(ClientTimeoutFit.of(shortCards, PoolFitTest.unconnectedPorts()).warnings(shipped)).singleElement().asString()
                    .startsWith("downstreams.cards.client.timeout is 250ms, but ports.cardDetails.timeout 300ms, "
                            + "ports.cardList.timeout 300ms are longer");
        }
    }

    private static Duration shippedLegacyTimeout() throws Exception {
        var config = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of("../config.yml")));
        return Duration.ofSeconds(Long.parseLong(config.at("/migration/legacyTimeout").asText().replace("s", "")));
    }
}
