package dev.hearth.home.application.bindings;

import dev.hearth.dsl.PortDefinition;
import dev.hearth.dsl.PortRegistry;
import dev.hearth.ports.domain.model.CustomerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Where a {@link ScreenPorts} registers its ports: each with the timeout ops set for it, if any. */
public final class Registrar {
    private final PortRegistry.Builder<CustomerId> registry = PortRegistry.builder();
    private final Function<String, Optional<Duration>> timeouts;
    private final Set<String> writes = new LinkedHashSet<>();
    private final Map<String, List<String>> byDownstream = new LinkedHashMap<>();
    private Optional<String> downstream = Optional.empty();

    Registrar(Function<String, Optional<Duration>> timeouts) {
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    }

    /** A port that only reads: its policy may retry it. */
    public <I, O> Registrar read(PortDefinition<CustomerId, I, O> port) {
        registry.register(timeouts.apply(port.name()).map(port::withTimeout).orElse(port));
        downstream.ifPresent(name -> byDownstream.computeIfAbsent(name, n -> new ArrayList<>()).add(port.name()));
        return this;
    }

    /** A port whose call changes state (it stores what it returns): never retried. */
    public <I, O> Registrar write(PortDefinition<CustomerId, I, O> port) {
        writes.add(port.name());
        return read(port);
    }

    BoundPorts register(List<? extends ScreenPorts> registrations) {
        for (ScreenPorts ports : registrations) {
            downstream = ports.downstream();
            ports.register(this);
        }
        downstream = Optional.empty();
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        byDownstream.forEach((name, ports) -> frozen.put(name, List.copyOf(ports)));
        return new BoundPorts(registry.build(), Set.copyOf(writes), Collections.unmodifiableMap(frozen));
    }
}
