package dev.hearth.home.wiring;

import dev.hearth.home.config.PortSettings;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The per-port timeouts from config.yml's {@code ports} block. */
public record PortTimeouts(Map<String, PortSettings> ports) {
    public PortTimeouts {
        ports = Map.copyOf(ports);
    }

    public Optional<Duration> timeout(String port) {
        return Optional.ofNullable(ports.get(port)).map(settings -> settings.getTimeout().toJavaDuration());
    }

    /** A typo in config.yml must not silently leave a port untuned. */
    public void requireKnown(Set<String> registered) {
        Set<String> unknown = new TreeSet<>(ports.keySet());
        unknown.removeAll(registered);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("config.yml ports." + unknown.iterator().next()
                    + " names no port. Ports are: " + new TreeSet<>(registered));
        }
    }
}
