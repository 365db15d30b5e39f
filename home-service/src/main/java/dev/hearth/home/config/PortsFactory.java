package dev.hearth.home.config;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.hearth.home.resilience.PortPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * config.yml's {@code ports:} block: a {@code defaults} block and one block per port, each naming only
 * the keys it changes. {@link #resolve} merges them (port over defaults over {@link PortPolicy#DEFAULT})
 * and checks every value and combination, naming the key that is wrong.
 */
public final class PortsFactory {
    private static final int MAX_ATTEMPTS = 10;
    /** The most items a batch call may carry: a batch goes in one request line (the card service's ids). */
    public static final int MAX_BATCH_SIZE = 500;

    @JsonProperty
    private PortSettings defaults = new PortSettings();

    private final Map<String, PortSettings> ports = new LinkedHashMap<>();

    @JsonAnySetter
    void port(String name, PortSettings settings) {
        ports.put(name, settings == null ? new PortSettings() : settings);
    }

    @JsonAnyGetter
    Map<String, PortSettings> ports() {
        return Collections.unmodifiableMap(ports);
    }

    /** The ports given a block of their own, as written (unresolved). */
    public Set<String> configuredPorts() {
        return Collections.unmodifiableSet(ports.keySet());
    }

    /**
     * The policy of every registered port.
     *
     * @param registered the ports screens can call
     * @param writes     the ports whose call changes state: they never retry, and asking them to fails
     * @throws IllegalArgumentException listing every problem, each as {@code ports.<port>.<key>: what and how to fix it}
     */
    public Map<String, PortPolicy> resolve(Set<String> registered, Set<String> writes) {
        List<String> problems = new ArrayList<>();
        for (String name : new TreeSet<>(ports.keySet())) {
            if (!registered.contains(name)) {
                problems.add("ports." + name + ": names no port (a typo?). Ports are: " + new TreeSet<>(registered)
                        + ", and `defaults` for all of them");
            }
        }
        Map<String, PortPolicy> resolved = new LinkedHashMap<>();
        for (String name : registered) {
            resolved.put(name, new Merge(name, ports.getOrDefault(name, new PortSettings()), writes.contains(name), problems)
                    .policy());
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("config.yml has " + problems.size() + " problem(s) under ports:\n  "
                    + String.join("\n  ", problems));
        }
        return Map.copyOf(resolved);
    }

    /** One port's merge: each value with the key it came from, so a problem names where to fix it. */
    private final class Merge {
        private final String port;
        private final PortSettings own;
        private final boolean write;
        private final List<String> problems;

        Merge(String port, PortSettings own, boolean write, List<String> problems) {
            this.port = port;
            this.own = own;
            this.write = write;
            this.problems = problems;
        }

        private record Value<T>(T value, String key) {
        }

        private <S, T> Value<T> pick(String group, String key, Function<PortSettings, S> section,
                Function<S, T> field, T builtin) {
            String path = group.isEmpty() ? key : group + "." + key;
            T mine = own == null ? null : field.apply(section.apply(own));
            if (mine != null) {
                return new Value<>(mine, "ports." + port + "." + path);
            }
            T fromDefaults = field.apply(section.apply(defaults));
            if (fromDefaults != null) {
                return new Value<>(fromDefaults, "ports.defaults." + path);
            }
            return new Value<>(builtin, "ports." + port + "." + path);
        }

        private <T> Value<T> top(String key, Function<PortSettings, T> field, T builtin) {
            return pick("", key, s -> s, field, builtin);
        }

        private void problem(Value<?> at, String message) {
            problems.add(at.key() + ": " + message);
        }

        PortPolicy policy() {
            PortPolicy builtin = PortPolicy.DEFAULT;
            Value<Duration> timeout = duration(top("timeout", PortSettings::getTimeout, null), builtin.timeout());
            positive(timeout);
            // Unset (null): the engine's batch size, 0 in the policy.
            Value<Integer> batchSize = top("batchSize", PortSettings::getBatchSize, null);
            int size = batchSize.value() == null ? 0 : batchSize.value();
            if (batchSize.value() != null && (size < 1 || size > MAX_BATCH_SIZE)) {
                problem(batchSize, "must be from 1 to " + MAX_BATCH_SIZE + " items per batch call, was " + size
                        + " (leave it out for engine.batchSize)");
            }
            return new PortPolicy(timeout.value(), retry(builtin.retry(), timeout), breaker(builtin.breaker()),
                    bulkhead(builtin.bulkhead(), timeout), Math.max(0, size));
        }

        private PortPolicy.Retry retry(PortPolicy.Retry builtin, Value<Duration> timeout) {
            Value<Integer> maxAttempts = pick("retry", "maxAttempts", PortSettings::retry, r -> r.maxAttempts, builtin.maxAttempts());
            Value<Duration> backoff = duration(pick("retry", "backoff", PortSettings::retry, r -> r.backoff, null), builtin.backoff());
            Value<Duration> maxBackoff = duration(pick("retry", "maxBackoff", PortSettings::retry, r -> r.maxBackoff, null),
                    builtin.maxBackoff());
            Value<Double> jitter = pick("retry", "jitter", PortSettings::retry, r -> r.jitter, builtin.jitter());
            Value<Boolean> honour = pick("retry", "honourRetryAfter", PortSettings::retry, r -> r.honourRetryAfter,
                    builtin.honourRetryAfter());
            int attempts = maxAttempts.value();
            if (attempts < 1 || attempts > MAX_ATTEMPTS) {
                problem(maxAttempts, "must be from 1 (no retry) to " + MAX_ATTEMPTS + ", not " + attempts);
            }
            if (write && attempts > 1) {
                if (maxAttempts.key().startsWith("ports." + port + ".")) {
                    problem(maxAttempts, "port '" + port + "' writes (it stores what it returns), so it must never be "
                            + "retried; remove the key or set it to 1");
                }
                attempts = 1; // a retry inherited from `defaults` does not apply to a write
            }
            if (maxBackoff.value().compareTo(backoff.value()) < 0) {
                problem(maxBackoff, millis(maxBackoff.value()) + " is less than backoff " + millis(backoff.value())
                        + "; the pause only grows from backoff up to maxBackoff");
            }
            if (!(jitter.value() >= 0.0 && jitter.value() <= 1.0)) {
                problem(jitter, "must be from 0 (none) to 1 (anything from no pause to the full pause), not " + jitter.value());
            }
            if (attempts > 1 && backoff.value().compareTo(timeout.value()) >= 0) {
                problem(backoff, millis(backoff.value()) + " is not less than the port's timeout " + millis(timeout.value())
                        + " (" + timeout.key() + "): no retry could ever fit");
            }
            return new PortPolicy.Retry(attempts, backoff.value(), maxBackoff.value(), jitter.value(), honour.value());
        }

        private PortPolicy.Breaker breaker(PortPolicy.Breaker builtin) {
            Value<Boolean> enabled = pick("circuitBreaker", "enabled", PortSettings::circuitBreaker, c -> c.enabled, builtin.enabled());
            Value<Integer> rate = pick("circuitBreaker", "failureRateThreshold", PortSettings::circuitBreaker,
                    c -> c.failureRateThreshold, builtin.failureRateThreshold());
            Value<Integer> minimumCalls = pick("circuitBreaker", "minimumCalls", PortSettings::circuitBreaker,
                    c -> c.minimumCalls, builtin.minimumCalls());
            Value<Duration> window = duration(pick("circuitBreaker", "window", PortSettings::circuitBreaker, c -> c.window, null),
                    builtin.window());
            Value<Duration> openDelay = duration(pick("circuitBreaker", "openDelay", PortSettings::circuitBreaker,
                    c -> c.openDelay, null), builtin.openDelay());
            Value<Integer> halfOpenCalls = pick("circuitBreaker", "halfOpenCalls", PortSettings::circuitBreaker,
                    c -> c.halfOpenCalls, builtin.halfOpenCalls());
            if (rate.value() < 1 || rate.value() > 100) {
                problem(rate, "is a percentage of failed calls, from 1 to 100, not " + rate.value());
            }
            if (minimumCalls.value() < 1) {
                problem(minimumCalls, "must be at least 1, not " + minimumCalls.value());
            }
            positive(window);
            positive(openDelay);
            if (halfOpenCalls.value() < 1) {
                problem(halfOpenCalls, "must be at least 1, not " + halfOpenCalls.value());
            } else if (halfOpenCalls.value() > minimumCalls.value()) {
                problem(halfOpenCalls, halfOpenCalls.value() + " is more than minimumCalls " + minimumCalls.value()
                        + ": the breaker would need more trial calls to close than calls to open; lower it");
            }
            return new PortPolicy.Breaker(enabled.value(), rate.value(), minimumCalls.value(), window.value(),
                    openDelay.value(), halfOpenCalls.value());
        }

        private PortPolicy.Bulkhead bulkhead(PortPolicy.Bulkhead builtin, Value<Duration> timeout) {
            Value<Integer> maxConcurrent = pick("bulkhead", "maxConcurrent", PortSettings::bulkhead, b -> b.maxConcurrent,
                    builtin.maxConcurrent());
            Value<Duration> maxWait = duration(pick("bulkhead", "maxWait", PortSettings::bulkhead, b -> b.maxWait, null),
                    builtin.maxWait());
            if (maxConcurrent.value() < 1) {
                problem(maxConcurrent, "must be at least 1, not " + maxConcurrent.value());
            }
            if (maxWait.value().compareTo(timeout.value()) >= 0) {
                problem(maxWait, millis(maxWait.value()) + " is not less than the port's timeout " + millis(timeout.value())
                        + " (" + timeout.key() + "): a call could spend its whole time waiting for a place");
            }
            return new PortPolicy.Bulkhead(maxConcurrent.value(), maxWait.value());
        }

        private Value<Duration> duration(Value<io.dropwizard.util.Duration> value, Duration builtin) {
            return new Value<>(value.value() == null ? builtin : value.value().toJavaDuration(), value.key());
        }

        private void positive(Value<Duration> value) {
            if (value.value().isNegative() || value.value().isZero()) {
                problem(value, "must be positive, not " + millis(value.value()));
            }
        }

        private static String millis(Duration duration) {
            return duration.toMillis() + "ms";
        }
    }
}
