package dev.hearth.home.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.hearth.home.application.bindings.BoundPorts;
import dev.hearth.home.application.bindings.ScreenBindings;
import dev.hearth.home.config.DownstreamFactory;
import dev.hearth.home.config.PortsFactory;
import dev.hearth.home.resilience.PortPolicy;
import io.dropwizard.jackson.Jackson;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PoolFitTest {
    private static final Map<String, List<String>> PORTS = Map.of(
            "coreBanking", List.of("profile", "balance"),
            "cards", List.of("cardList", "cardDetails"));

    private static Map<String, PortPolicy> bulkheads(Object... portAndLimit) {
        Map<String, PortPolicy> policies = new HashMap<>();
        for (int i = 0; i < portAndLimit.length; i += 2) {
            policies.put((String) portAndLimit[i], new PortPolicy(Duration.ofMillis(300), PortPolicy.DEFAULT.retry(),
                    PortPolicy.DEFAULT.breaker(), new PortPolicy.Bulkhead((Integer) portAndLimit[i + 1], Duration.ZERO)));
        }
        return policies;
    }

    @Test
    void aBulkheadWiderThanItsDownstreamsPoolIsNamedWithWhatToChange() {
        PoolFit fit = new PoolFit(PORTS, downstream -> downstream.equals("cards") ? 256 : 1024);

        List<String> warnings = fit.warnings(bulkheads("profile", 200, "balance", 200, "cardList", 200,
                "cardDetails", 400));

        assertThat(warnings).singleElement().asString()
                .startsWith("ports.cardDetails.bulkhead.maxConcurrent is 400, but downstream 'cards' has 256 "
                        + "connections: calls beyond 256 wait for a connection instead of being refused")
                .contains("To 400, raise downstreams.cards.client's maxConnections and maxConnectionsPerRoute");
    }

    @Test
    void portsWhoseBulkheadsTogetherExceedThePoolAreNamedOnce() {
        PoolFit fit = new PoolFit(PORTS, downstream -> 1024);

        List<String> warnings = fit.warnings(bulkheads("profile", 600, "balance", 600, "cardList", 200,
                "cardDetails", 400));

        assertThat(warnings).singleElement().asString()
                .startsWith("the bulkheads of the ports of downstream 'coreBanking' [profile, balance] add up to 1200 calls, "
                        + "but it has 1024 connections");
    }

    @Test
    void bulkheadsWithinThePoolsAndPortsOnNoHttpDownstreamAreFine() {
        PoolFit fit = new PoolFit(PORTS, downstream -> 1024);

        assertThat(fit.warnings(bulkheads("profile", 512, "balance", 512, "cardDetails", 1024, "nickname", 5000)))
                .isEmpty();
    }

    /**
     * The check on Hearth's real pools: the shipped config fits them, and it names the old 256 connections per route
     * (docs/adr/007-bulkhead-fits-pool.md).
     */
    @Test
    void theShippedBulkheadsFitHearthsPoolsButNotThe256ConnectionsPerRouteHearthOnceSet() throws Exception {
        Map<String, PortPolicy> shipped = shippedPortPolicies();
        Optional<URI> sandbox = Optional.of(URI.create("http://127.0.0.1:9090"));
        try (Downstreams defaults = new Downstreams(Map.of(), sandbox, new MetricRegistry())) {
            assertThat(PoolFit.of(defaults, unconnectedPorts()).warnings(shipped)).isEmpty();
        }

        DownstreamFactory old = new DownstreamFactory();
        old.getClient().setMaxConnectionsPerRoute(256);
        try (Downstreams narrow = new Downstreams(Map.of("cards", old), sandbox, new MetricRegistry())) {
            assertThat(PoolFit.of(narrow, unconnectedPorts()).warnings(shipped)).singleElement().asString()
                    .startsWith("ports.cardDetails.bulkhead.maxConcurrent is 400, but downstream 'cards' has 256");
        }
    }

    static Map<String, PortPolicy> shippedPortPolicies() throws Exception {
        var config = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of("../config.yml")));
        PortsFactory ports = Jackson.newObjectMapper().treeToValue(config.get("ports"), PortsFactory.class);
        BoundPorts registered = unconnectedPorts();
        return ports.resolve(registered.registry().names(), registered.writes());
    }

    static BoundPorts unconnectedPorts() {
        return ScreenBindings.bind(ScreenBindings.unconnected(), name -> Optional.empty());
    }
}
