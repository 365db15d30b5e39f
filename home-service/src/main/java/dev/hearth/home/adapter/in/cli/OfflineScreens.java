package dev.hearth.home.adapter.in.cli;

import dev.hearth.dsl.AggregationEngine;
import dev.hearth.home.application.bindings.BoundPorts;
import dev.hearth.home.application.bindings.ScreenBindings;
import dev.hearth.home.application.bindings.ScreenPorts;
import dev.hearth.home.config.HomeConfiguration;
import dev.hearth.home.resilience.PortPolicy;
import dev.hearth.ports.domain.model.CustomerId;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The engine screens are compiled against in the server — the same port names, input and output types
 * ({@link ScreenBindings}) and the timeouts config.yml resolves to — with no adapter behind the ports, so
 * the authoring commands run without downstreams or a database. Calling a port is a bug.
 */
final class OfflineScreens {
    private OfflineScreens() {
    }

    /**
     * @throws IllegalArgumentException naming every bad {@code ports.*} key of the configuration
     */
    static AggregationEngine<CustomerId> engine(HomeConfiguration configuration) {
        List<ScreenPorts> none = ScreenBindings.unconnected();
        BoundPorts bare = ScreenBindings.bind(none, name -> Optional.empty());
        Map<String, PortPolicy> policies = configuration.getPorts().resolve(bare.registry().names(), bare.writes());
        BoundPorts timed = ScreenBindings.bind(none,
                name -> Optional.ofNullable(policies.get(name)).map(PortPolicy::timeout));
        return AggregationEngine.builder(CustomerId.class).ports(timed.registry()).build();
    }
}
