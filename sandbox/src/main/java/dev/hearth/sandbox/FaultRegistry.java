package dev.hearth.sandbox;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The faults currently injected into the sandbox, by port name (as the screen files name ports:
 * {@code balance}, {@code cardDetails}, ...). Thread-safe: the admin task writes while the
 * sandbox's handlers read.
 */
public final class FaultRegistry {
    private final Set<String> portNames;
    private final Map<String, Fault> faults = new ConcurrentHashMap<>();

    FaultRegistry(Collection<String> portNames) {
        this.portNames = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(portNames));
    }

    /**
     * Injects {@code fault} into {@code port}, replacing any fault it had.
     *
     * @throws IllegalArgumentException if the sandbox has no such port; the message lists the known ones
     */
    public void set(String port, Fault fault) {
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(fault, "fault");
        if (!portNames.contains(port)) {
            throw new IllegalArgumentException("the sandbox has no port '" + port + "'; its ports are " + portNames);
        }
        faults.put(port, fault);
    }

    /** Clears every fault. */
    public void reset() {
        faults.clear();
    }

    /** The fault injected into {@code port}, if any. */
    public Optional<Fault> find(String port) {
        return Optional.ofNullable(faults.get(Objects.requireNonNull(port, "port")));
    }

    /** Every port name the sandbox serves, in a stable order. */
    public Set<String> portNames() {
        return portNames;
    }
}
