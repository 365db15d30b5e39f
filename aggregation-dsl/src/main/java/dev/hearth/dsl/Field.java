package dev.hearth.dsl;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A value added to each item of a section (or to its single object) by calling a port with the item as input.
 * Immutable and thread-safe; equality ignores origins.
 */
public final class Field {
    private final String name;
    private final String port;
    private final boolean requiredStated;
    private final boolean optionalStated;
    private final Duration deadline;
    private final Fallback fallback;
    private final Origins origins;

    private Field(Builder b) {
        this.name = b.name;
        this.port = b.port;
        this.requiredStated = b.required;
        this.optionalStated = b.optional;
        this.deadline = b.deadline;
        this.fallback = b.fallback;
        this.origins = b.origins;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    public String port() {
        return port;
    }

    /** True when stated {@code required} (and not also {@code optional}). */
    public boolean isRequired() {
        return requiredStated && !optionalStated;
    }

    public boolean isOptional() {
        return optionalStated && !requiredStated;
    }

    /** Whether {@code required} / {@code optional} were stated; validation wants exactly one. */
    public boolean statesRequired() {
        return requiredStated;
    }

    public boolean statesOptional() {
        return optionalStated;
    }

    public Optional<Duration> deadline() {
        return Optional.ofNullable(deadline);
    }

    public Optional<Fallback> fallback() {
        return Optional.ofNullable(fallback);
    }

    public Optional<Origin> origin() {
        return Optional.ofNullable(origins.element());
    }

    /** Where an attribute (e.g. {@code port}, {@code deadline}) was written, else where the field was. */
    public Optional<Origin> originOf(String attribute) {
        return origins.of(attribute);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Field f && name.equals(f.name) && port.equals(f.port) && requiredStated == f.requiredStated
                && optionalStated == f.optionalStated && Objects.equals(deadline, f.deadline)
                && Objects.equals(fallback, f.fallback);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, port, requiredStated, optionalStated, deadline, fallback);
    }

    @Override
    public String toString() {
        return "Field[" + name + " port=" + port + (isRequired() ? " required" : " optional")
                + (deadline == null ? "" : " deadline=" + deadline) + (fallback == null ? "" : " fallback=" + fallback) + "]";
    }

    /** Collects a field; {@link #build()} copies, so the builder may be reused. */
    public static final class Builder {
        private final String name;
        private String port;
        private boolean required;
        private boolean optional;
        private Duration deadline;
        private Fallback fallback;
        private Origins origins = Origins.NONE;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "field name");
        }

        public Builder port(String port) {
            this.port = Objects.requireNonNull(port, "port");
            return this;
        }

        public Builder required() {
            this.required = true;
            return this;
        }

        public Builder optional() {
            this.optional = true;
            return this;
        }

        public Builder deadline(Duration deadline) {
            this.deadline = Origins.positive(deadline, "deadline of field '" + name + "'");
            return this;
        }

        public Builder fallback(Fallback fallback) {
            this.fallback = Objects.requireNonNull(fallback, "fallback (use Fallback.value(null) for a null value)");
            return this;
        }

        public Builder origin(Origin origin) {
            this.origins = origins.with(origin);
            return this;
        }

        public Builder origin(String attribute, Origin origin) {
            this.origins = origins.with(attribute, origin);
            return this;
        }

        public Field build() {
            if (port == null) {
                throw new IllegalStateException("field '" + name + "' has no port: call .port(\"name\") before build()");
            }
            return new Field(this);
        }
    }
}
