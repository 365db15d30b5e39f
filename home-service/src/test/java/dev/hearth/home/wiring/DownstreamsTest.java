package dev.hearth.home.wiring;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.hearth.home.config.DownstreamFactory;
import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DownstreamsTest {
    private static final Optional<URI> SANDBOX = Optional.of(URI.create("http://127.0.0.1:9090"));

    @Test
    void aDownstreamsPoolHoldsAtMostItsPerRouteLimitWhenThatIsLowerThanTheTotal() {
        // Hearth's defaults: 1,024 connections, 256 per route. A downstream is one route: 256 is what its calls get.
        try (Downstreams downstreams = new Downstreams(Map.of(), SANDBOX, new MetricRegistry())) {
            assertThat(downstreams.pool("legacy").getMax()).isEqualTo(256);
        }
    }

    @Test
    void aDownstreamsPoolHoldsAtMostItsTotalWhenThatIsLowerThanThePerRouteLimit() {
        DownstreamFactory legacy = new DownstreamFactory();
        legacy.getClient().setMaxConnections(100);
        try (Downstreams downstreams = new Downstreams(Map.of("legacy", legacy), SANDBOX, new MetricRegistry())) {
            assertThat(downstreams.pool("legacy").getMax()).isEqualTo(100);
            assertThat(downstreams.pool("legacy").getLeased()).isZero();
        }
    }
}
