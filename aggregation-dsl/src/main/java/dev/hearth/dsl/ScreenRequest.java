package dev.hearth.dsl;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One request for a screen: who, its id, its parameters, attributes to forward and MDC to copy. Immutable.
 *
 * @param <C> the type of the customer: the engine's ({@link AggregationEngine#builder(Class)}), handed to the ports
 *     typed ({@link CallContext#customer()}) and as the input of sections {@code from: customer}
 */
public final class ScreenRequest<C> {
    private final String requestId;
    private final C customer;
    private final Map<String, String> params;
    private final Map<String, String> attributes;
    private final Map<String, String> mdc;
    private final Set<String> disabled;
    private final Duration waited;

    private ScreenRequest(Builder<C> b) {
        this.requestId = b.requestId;
        this.customer = b.customer;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
        this.mdc = Collections.unmodifiableMap(new LinkedHashMap<>(b.mdc));
        this.disabled = b.disabled.isEmpty() ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(b.disabled));
        this.waited = b.waited;
    }

    /** A request for {@code customer} (the authenticated principal). */
    public static <C> Builder<C> builder(C customer) {
        return new Builder<>(customer);
    }

    public String requestId() {
        return requestId;
    }

    public C customer() {
        return customer;
    }

    public Map<String, String> params() {
        return params;
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    public Map<String, String> mdc() {
        return mdc;
    }

    /**
     * The sections switched off for this request (kill switches): each optional one answers {@code OMITTED} with
     * reason {@link Reason#DISABLED} and makes no call, nor do its fields; an optional section that takes its input
     * from a switched-off one (directly or not) is switched off with it. A required section is never switched off
     * (the screen needs it): naming one here changes nothing, nor does naming a section the screen does not have.
     */
    public Set<String> disabled() {
        return disabled;
    }

    /**
     * How long the request had already waited when it was handed to the engine (from its arrival at the server: a queue,
     * a CPU); {@link Duration#ZERO} unless set. The screen's budget counts from arrival: the engine gives the request
     * only what is left of it, so every section's deadline is cut to that (docs/adr/031-answer-on-time.md).
     */
    public Duration waited() {
        return waited;
    }

    /** Collects a request; {@link #build()} copies, so the builder may be reused. */
    public static final class Builder<C> {
        private String requestId;
        private final C customer;
        private final Map<String, String> params = new LinkedHashMap<>();
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final Map<String, String> mdc = new LinkedHashMap<>();
        private final Set<String> disabled = new LinkedHashSet<>();
        private Duration waited = Duration.ZERO;

        private Builder(C customer) {
            this.customer = Objects.requireNonNull(customer, "customer (the authenticated principal)");
        }

        public Builder<C> requestId(String requestId) {
            this.requestId = Objects.requireNonNull(requestId, "requestId");
            return this;
        }

        public Builder<C> param(String name, String value) {
            params.put(Objects.requireNonNull(name, "param name"),
                    Objects.requireNonNull(value, () -> "value of param '" + name + "'"));
            return this;
        }

        /** A request attribute to forward to ports; a null value is ignored (nothing to forward). */
        public Builder<C> attribute(String name, String value) {
            Objects.requireNonNull(name, "attribute name");
            if (value != null) {
                attributes.put(name, value);
            }
            return this;
        }

        /** MDC entries copied onto every call thread for the call's duration. */
        public Builder<C> mdc(Map<String, String> mdc) {
            Objects.requireNonNull(mdc, "mdc").forEach((k, v) -> {
                if (k != null && v != null) {
                    this.mdc.put(k, v);
                }
            });
            return this;
        }

        /** Switches {@code sectionId} off for this request ({@link ScreenRequest#disabled()}). */
        public Builder<C> disable(String sectionId) {
            disabled.add(Objects.requireNonNull(sectionId, "sectionId"));
            return this;
        }

        /** How long the request has already waited since it arrived ({@link ScreenRequest#waited()}); not negative. */
        public Builder<C> waited(Duration waited) {
            Objects.requireNonNull(waited, "waited");
            if (waited.isNegative()) {
                throw new IllegalArgumentException("waited must not be negative (it is how long the request waited "
                        + "since it arrived), got " + waited);
            }
            this.waited = waited;
            return this;
        }

        public ScreenRequest<C> build() {
            if (requestId == null) {
                throw new IllegalStateException("ScreenRequest needs a requestId: call .requestId(...) before build()");
            }
            return new ScreenRequest<>(this);
        }
    }
}
