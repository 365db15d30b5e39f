package dev.hearth.dsl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One request for a screen: who, its id, its parameters, attributes to forward and MDC to copy. Immutable. */
public final class ScreenRequest {
    private final String requestId;
    private final Object customer;
    private final Map<String, String> params;
    private final Map<String, String> attributes;
    private final Map<String, String> mdc;

    private ScreenRequest(Builder b) {
        this.requestId = b.requestId;
        this.customer = b.customer;
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(b.params));
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(b.attributes));
        this.mdc = Collections.unmodifiableMap(new LinkedHashMap<>(b.mdc));
    }

    public static Builder builder() {
        return new Builder();
    }

    public String requestId() {
        return requestId;
    }

    public Object customer() {
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

    /** Collects a request; {@link #build()} copies, so the builder may be reused. */
    public static final class Builder {
        private String requestId;
        private Object customer;
        private final Map<String, String> params = new LinkedHashMap<>();
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final Map<String, String> mdc = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder requestId(String requestId) {
            this.requestId = Objects.requireNonNull(requestId, "requestId");
            return this;
        }

        public Builder customer(Object customer) {
            this.customer = Objects.requireNonNull(customer, "customer (the authenticated principal)");
            return this;
        }

        public Builder param(String name, String value) {
            params.put(Objects.requireNonNull(name, "param name"),
                    Objects.requireNonNull(value, () -> "value of param '" + name + "'"));
            return this;
        }

        /** A request attribute to forward to ports; a null value is ignored (nothing to forward). */
        public Builder attribute(String name, String value) {
            Objects.requireNonNull(name, "attribute name");
            if (value != null) {
                attributes.put(name, value);
            }
            return this;
        }

        /** MDC entries copied onto every call thread for the call's duration. */
        public Builder mdc(Map<String, String> mdc) {
            Objects.requireNonNull(mdc, "mdc").forEach((k, v) -> {
                if (k != null && v != null) {
                    this.mdc.put(k, v);
                }
            });
            return this;
        }

        public ScreenRequest build() {
            if (requestId == null) {
                throw new IllegalStateException("ScreenRequest needs a requestId: call .requestId(...) before build()");
            }
            if (customer == null) {
                throw new IllegalStateException("ScreenRequest needs a customer: call .customer(...) before build()");
            }
            return new ScreenRequest(this);
        }
    }
}
