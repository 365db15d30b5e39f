package dev.hearth.dsl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The ports screens may call, by name. Immutable and thread-safe.
 *
 * @param <C> the type of the customer the ports are called for: the engine's
 */
public final class PortRegistry<C> {
    private final Map<String, PortDefinition<C, ?, ?>> ports;

    private PortRegistry(Map<String, PortDefinition<C, ?, ?>> ports) {
        this.ports = Collections.unmodifiableMap(new LinkedHashMap<>(ports));
    }

    /** A builder; in a chain, name the customer type: {@code PortRegistry.<CustomerId>builder().register(...)}. */
    public static <C> Builder<C> builder() {
        return new Builder<>();
    }

    public Optional<PortDefinition<C, ?, ?>> find(String name) {
        return Optional.ofNullable(ports.get(name));
    }

    /** Registered names, in registration order. */
    public Set<String> names() {
        return ports.keySet();
    }

    /** Collects ports; {@link #build()} copies, so the builder may be reused. */
    public static final class Builder<C> {
        private final Map<String, PortDefinition<C, ?, ?>> ports = new LinkedHashMap<>();

        private Builder() {
        }

        /** Adds a port; a second port with the same name is an IllegalArgumentException. */
        public Builder<C> register(PortDefinition<C, ?, ?> port) {
            Objects.requireNonNull(port, "port");
            if (ports.containsKey(port.name())) {
                throw new IllegalArgumentException("a port named '" + port.name()
                        + "' is already registered; give each port its own name");
            }
            ports.put(port.name(), port);
            return this;
        }

        public PortRegistry<C> build() {
            return new PortRegistry<>(ports);
        }
    }
}
