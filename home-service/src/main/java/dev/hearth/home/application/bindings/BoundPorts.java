package dev.hearth.home.application.bindings;

import dev.hearth.dsl.PortRegistry;
import dev.hearth.ports.domain.model.CustomerId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every port the screens can call, as registered.
 *
 * @param registry     the ports, for the engine
 * @param writes       the ports whose call changes state: they must never be retried
 * @param byDownstream which ports call which downstream of config.yml (Hearth's own database is none of them)
 */
public record BoundPorts(PortRegistry<CustomerId> registry, Set<String> writes, Map<String, List<String>> byDownstream) {
}
