package dev.hearth.dsl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** The ports screens may call, by name. Immutable and thread-safe. */
public final class PortRegistry {
    private final Map<String, PortDefinition<?, ?>> ports;

    private PortRegistry(Map<String, PortDefinition<?, ?>> ports) {
        this.ports = Collections.unmodifiableMap(new LinkedHashMap<>(ports));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Optional<PortDefinition<?, ?>> find(String name) {
        return Optional.ofNullable(ports.get(name));
    }

    /** Registered names, in registration order. */
    public Set<String> names() {
        return ports.keySet();
    }

    /** Collects ports; {@link #build()} copies, so the builder may be reused. */
    public static final class Builder {
        private final Map<String, PortDefinition<?, ?>> ports = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds a port; a second port with the same name is an IllegalArgumentException. */
        public Builder register(PortDefinition<?, ?> port) {
            Objects.requireNonNull(port, "port");
            if (ports.containsKey(port.name())) {
                throw new IllegalArgumentException("a port named '" + port.name()
                        + "' is already registered; give each port its own name");
            }
            ports.put(port.name(), port);
            return this;
        }

        public PortRegistry build() {
            return new PortRegistry(ports);
        }
    }
}
