package dev.hearth.home.runtime;

import dev.hearth.home.application.bindings.BoundPorts;
import dev.hearth.home.resilience.PortPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Whether each downstream's {@code client.timeout} leaves its callers' deadlines to count. It bounds a call's whole
 * answer, the wait for a pooled connection included, as a backstop. One shorter than a port's timeout ends that port's
 * slow calls first, as an {@code ERROR} ("had no whole answer"), not a {@code TIMEOUT}: raising the port's timeout
 * then changes nothing past it. One shorter than {@code migration.legacyTimeout} cuts the legacy home the same way
 * (docs/adr/002-no-socket-timeout.md). Warnings, not errors: a short client timeout is a working, if unusual,
 * per-attempt limit.
 */
public final class ClientTimeoutFit implements PortWarnings {
    private final Map<String, List<String>> portsByDownstream;
    private final Function<String, Duration> clientTimeout;

    /**
     * @param portsByDownstream the screen ports each downstream serves
     * @param clientTimeout     a downstream's {@code client.timeout}
     */
    public ClientTimeoutFit(Map<String, List<String>> portsByDownstream, Function<String, Duration> clientTimeout) {
        this.portsByDownstream = Collections.unmodifiableMap(new LinkedHashMap<>(portsByDownstream));
        this.clientTimeout = Objects.requireNonNull(clientTimeout, "clientTimeout");
    }

    /** Hearth's downstreams as configured: the ports that call each ({@link BoundPorts#byDownstream}) and each one's answer deadline. */
    public static ClientTimeoutFit of(Downstreams downstreams, BoundPorts ports) {
        return new ClientTimeoutFit(ports.byDownstream(), name -> downstreams.deadline(name).limit());
    }

    /** One line per downstream naming, longest first, the ports whose timeouts exceed its {@code client.timeout}. */
    @Override
    public List<String> warnings(Map<String, PortPolicy> policies) {
        List<String> warnings = new ArrayList<>();
        for (var served : portsByDownstream.entrySet()) {
            String downstream = served.getKey();
            Duration limit = clientTimeout.apply(downstream);
            List<String> longer = served.getValue().stream()
                    .filter(port -> policies.containsKey(port) && policies.get(port).timeout().compareTo(limit) > 0)
                    .sorted(Comparator.comparing((String port) -> policies.get(port).timeout()).reversed()
                            .thenComparing(Comparator.naturalOrder()))
                    .toList();
            if (longer.isEmpty()) {
                continue;
            }
            List<String> named = longer.stream()
                    .map(port -> "ports." + port + ".timeout " + millis(policies.get(port).timeout()))
                    .toList();
            warnings.add(tooShort(downstream, limit, String.join(", ", named) + (longer.size() == 1 ? " is" : " are"),
                    "their calls", "the port's timeout", policies.get(longer.getFirst()).timeout(),
                    longer.size() == 1 ? "that timeout" : "those timeouts"));
        }
        return warnings;
    }

    /** A line when legacy's {@code client.timeout} ends the legacy home before {@code migration.legacyTimeout}. */
    public static Optional<String> legacy(Duration legacyTimeout, Duration legacyClientTimeout) {
        if (legacyTimeout.compareTo(legacyClientTimeout) <= 0) {
            return Optional.empty();
        }
        String key = "migration.legacyTimeout";
        return Optional.of(tooShort("legacy", legacyClientTimeout, key + " " + millis(legacyTimeout) + " is",
                "the legacy home's calls", key, legacyTimeout, key));
    }

    private static String tooShort(String downstream, Duration limit, String longerAre, String calls, String deadline,
            Duration longest, String lower) {
        return "downstreams." + downstream + ".client.timeout is " + millis(limit) + ", but " + longerAre + " longer: "
                + calls + " end there, waiting for '" + downstream + "' to answer or for one of its pooled "
                + "connections, as an ERROR (\"had no whole answer\"), before " + deadline + " is reached. Raise "
                + "downstreams." + downstream + ".client.timeout above " + millis(longest) + ", or lower " + lower;
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + "ms";
    }
}
