package dev.hearth.home.resilience;

import dev.hearth.dsl.PortDefinition;
import dev.hearth.dsl.PortFunction;
import dev.hearth.dsl.PortRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every port's resilience, applied by decorating its function when the {@link PortRegistry} is built:
 * retry (reads only) &rarr; bulkhead &rarr; circuit breaker &rarr; the port, under the port's timeout. The breaker
 * counts only what the downstream caused: not a call the request gave up on, nor a timeout while Hearth itself ran
 * late ({@link Lateness}).
 * One breaker and one bulkhead per port, shared by all calls; {@link #update} keeps them across a
 * reload while their settings are unchanged. Immutable and thread-safe.
 */
public final class PortPolicies {
    private static final Logger LOG = LoggerFactory.getLogger(PortPolicies.class);

    private final Map<String, PortPolicy> policies;
    private final Map<String, PortGuard> guards;
    private final Set<String> writes;
    private final Retrier retrier;
    private final Lateness lateness;

    private PortPolicies(Map<String, PortPolicy> policies, Map<String, PortGuard> guards, Set<String> writes,
            Retrier retrier, Lateness lateness) {
        this.policies = Map.copyOf(policies);
        this.guards = Map.copyOf(guards);
        this.writes = Set.copyOf(writes);
        this.retrier = retrier;
        this.lateness = lateness;
    }

    /**
     * @param policies every port's resolved policy
     * @param writes   ports that change state: never retried, whatever their policy says
     */
    public static PortPolicies create(Map<String, PortPolicy> policies, Set<String> writes) {
        return create(policies, writes, Retrier.SYSTEM, Lateness.NONE);
    }

    /**
     * As {@link #create(Map, Set)}, telling {@code retries} of every retry (metrics), and asking {@code lateness}
     * whose fault a timeout was; both kept across {@link #update}.
     */
    public static PortPolicies create(Map<String, PortPolicy> policies, Set<String> writes, RetryListener retries,
            Lateness lateness) {
        return create(policies, writes, Retrier.SYSTEM.withListener(retries), lateness);
    }

    static PortPolicies create(Map<String, PortPolicy> policies, Set<String> writes, Retrier retrier,
            Lateness lateness) {
        Map<String, PortGuard> guards = new LinkedHashMap<>();
        policies.forEach((port, policy) -> guards.put(port, PortGuard.create(port, policy)));
        return new PortPolicies(policies, guards, writes, retrier, Objects.requireNonNull(lateness, "lateness"));
    }

    /** New policies that keep this one's breakers and bulkheads wherever their settings did not change. */
    public PortPolicies update(Map<String, PortPolicy> next) {
        Map<String, PortGuard> kept = new LinkedHashMap<>();
        next.forEach((port, policy) -> kept.put(port, guards.containsKey(port)
                ? PortGuard.update(guards.get(port), port, policy)
                : PortGuard.create(port, policy)));
        return new PortPolicies(next, kept, writes, retrier, lateness);
    }

    public Optional<PortPolicy> policy(String port) {
        return Optional.ofNullable(policies.get(port));
    }

    /** The breaker state of a port: {@code CLOSED}, {@code OPEN}, {@code HALF_OPEN} or {@code DISABLED}. */
    public Optional<String> breakerState(String port) {
        return Optional.ofNullable(guards.get(port)).map(PortGuard::breakerState);
    }

    /** {@code registry} with each port's function guarded by its policy and its timeout set. */
    public <C> PortRegistry<C> decorate(PortRegistry<C> registry) {
        PortRegistry.Builder<C> decorated = PortRegistry.builder();
        for (String name : registry.names()) {
            PortDefinition<C, ?, ?> port = registry.find(name).orElseThrow();
            decorated.register(policies.containsKey(name) ? guarded(port) : port);
        }
        return decorated.build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <C> PortDefinition<C, ?, ?> guarded(PortDefinition<C, ?, ?> port) {
        PortPolicy policy = policies.get(port.name());
        PortGuard guard = guards.get(port.name());
        PortPolicy.Retry retry = writes.contains(port.name()) ? PortPolicy.Retry.NONE : policy.retry();
        // The batch form, if any, is guarded as one call: one attempt of the retry, one bulkhead permit, one breaker
        // outcome.
        PortDefinition fresh = port.decorated(function -> guardedFunction(port.name(), retry, guard, function));
        fresh = fresh.withTimeout(policy.timeout());
        return policy.batchSize() > 0 ? fresh.withBatchSize(policy.batchSize()) : fresh;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private <C> PortFunction<C, Object, Object> guardedFunction(String name, PortPolicy.Retry retry, PortGuard guard,
            PortFunction<C, Object, Object> original) {
        return (input, call) -> retrier.call(name, retry, call.deadline(), () -> {
            Instant started = retrier.now();
            long mark = lateness.mark();
            return guard.call(() -> {
                try {
                    return original.call(input, call);
                } catch (Exception e) {
                    if (Thread.currentThread().isInterrupted()) {
                        notTheDownstreams(name, call.deadline(), started, mark, e);
                    }
                    throw e;
                }
            });
        });
    }

    /**
     * Throws {@link PortGuard.NotCounted} when the engine interrupted this attempt for a reason that says nothing about
     * the downstream's health: before the deadline, the request gave up on it (another section failed); at the
     * deadline, when Hearth's own threads ran late by a quarter or more of the attempt's time, the time went to
     * Hearth (a saturated CPU, a GC pause), not to the downstream. This assumes a port's timeout is 4x its usual
     * latency or more (every shipped one is): a healthy downstream then times out only when Hearth takes most of the
     * attempt's time. A downstream that really hangs has its timeouts counted again as soon as Hearth keeps up
     * (docs/adr/009-breaker-ignores-hearths-own-stalls.md).
     */
    private void notTheDownstreams(String port, Instant deadline, Instant started, long mark, Exception failure)
            throws PortGuard.NotCounted {
        Instant now = retrier.now();
        if (now.isBefore(deadline)) {
            throw new PortGuard.NotCounted(failure);
        }
        Duration late = lateness.worstSince(mark);
        if (late.multipliedBy(4).compareTo(Duration.between(started, deadline)) >= 0) {
            LOG.debug("port '{}': timed out while Hearth ran {} ms late; not counted against its circuit", port,
                    late.toMillis());
            throw new PortGuard.NotCounted(failure);
        }
    }

    /** What changed from {@code before}, one line per port, for the reload task's answer. */
    public List<String> changesFrom(PortPolicies before) {
        List<String> changes = new ArrayList<>();
        policies.forEach((port, policy) -> {
            PortPolicy old = before.policies.get(port);
            if (old == null) {
                changes.add("ports." + port + ": new");
            } else if (!old.equals(policy)) {
                List<String> what = new ArrayList<>();
                if (!old.timeout().equals(policy.timeout())) {
                    what.add("timeout " + old.timeout().toMillis() + "ms -> " + policy.timeout().toMillis() + "ms");
                }
                if (!old.retry().equals(policy.retry())) {
                    what.add("retry " + policy.retry());
                }
                PortGuard now = guards.get(port);
                PortGuard was = before.guards.get(port);
                if (!old.breaker().equals(policy.breaker())) {
                    what.add("new circuit breaker " + policy.breaker());
                } else if (was != null && now.sharesBreakerWith(was)) {
                    what.add("circuit breaker kept (" + now.breakerState() + ")");
                }
                if (!old.bulkhead().equals(policy.bulkhead())) {
                    what.add("new bulkhead " + policy.bulkhead());
                }
                changes.add("ports." + port + ": " + String.join(", ", what));
            }
        });
        return changes;
    }

    @Override
    public String toString() {
        return "PortPolicies" + Objects.toString(policies);
    }
}
