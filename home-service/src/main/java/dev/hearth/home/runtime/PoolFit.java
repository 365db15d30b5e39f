package dev.hearth.home.runtime;

import dev.hearth.home.application.bindings.BoundPorts;
import dev.hearth.home.resilience.PortPolicy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * Whether the ports' bulkheads fit the connection pools of the downstreams they call. A bulkhead refuses a call at
 * once (BULKHEAD_FULL) when its port has enough calls in flight. One wider than its downstream's pool never gets to:
 * the calls beyond the pool wait for a connection until the port's timeout or the client's
 * {@code connectionRequestTimeout} ends the wait, whichever comes first. With every shipped port timeout under the
 * shipped 1 s, that is the port's: a TIMEOUT, counted against the circuit as if the downstream were slow (unless
 * Hearth ran late; docs/adr/007-bulkhead-fits-pool.md). A warning, not an error: a deliberate queue for
 * connections is legitimate (the benchmark's burst of 10,000 homes uses one).
 */
public final class PoolFit implements PortWarnings {
    private final Map<String, List<String>> portsByDownstream;
    private final ToIntFunction<String> connections;

    /**
     * @param portsByDownstream the screen ports each downstream serves
     * @param connections       the most connections a downstream's calls can hold at once
     */
    public PoolFit(Map<String, List<String>> portsByDownstream, ToIntFunction<String> connections) {
        this.portsByDownstream = Collections.unmodifiableMap(new LinkedHashMap<>(portsByDownstream));
        this.connections = Objects.requireNonNull(connections, "connections");
    }

    /** Hearth's downstreams as configured: the ports that call each ({@link BoundPorts#byDownstream}) and each pool's {@code max}. */
    public static PoolFit of(Downstreams downstreams, BoundPorts ports) {
        return new PoolFit(ports.byDownstream(), name -> downstreams.pool(name).getMax());
    }

    /** One line per port whose bulkhead, or per downstream whose ports' bulkheads together, exceed the pool. */
    @Override
    public List<String> warnings(Map<String, PortPolicy> policies) {
        List<String> warnings = new ArrayList<>();
        for (var served : portsByDownstream.entrySet()) {
            String downstream = served.getKey();
            List<String> ports = served.getValue().stream().filter(policies::containsKey).toList();
            if (ports.isEmpty()) {
                continue;
            }
            int pool = connections.applyAsInt(downstream);
            String raise = "raise downstreams." + downstream + ".client's maxConnections and maxConnectionsPerRoute"
                    + " (a downstream is one route, so its calls hold at most the lower of the two)";
            int total = 0;
            boolean onePortTooWide = false;
            for (String port : ports) {
                int bulkhead = policies.get(port).bulkhead().maxConcurrent();
                total += bulkhead;
                if (bulkhead > pool) {
                    onePortTooWide = true;
                    warnings.add("ports." + port + ".bulkhead.maxConcurrent is " + bulkhead + ", but downstream '"
                            + downstream + "' has " + pool + " connections: calls beyond " + pool + " wait for a "
                            + "connection instead of being refused, until the port's timeout (a TIMEOUT, counted as "
                            + "if '" + downstream + "' were slow) or the client's connectionRequestTimeout ends the "
                            + "wait. To " + bulkhead + ", " + raise + "; or lower the bulkhead");
                }
            }
            if (!onePortTooWide && total > pool) {
                warnings.add("the bulkheads of the ports of downstream '" + downstream + "' " + ports + " add up to "
                        + total + " calls, but it has " + pool + " connections: with all of them full, calls wait for "
                        + "a connection instead of being refused. To " + total + ", " + raise + "; or lower the bulkheads");
            }
        }
        return warnings;
    }
}
