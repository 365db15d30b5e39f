package dev.hearth.dsl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One part of a screen: a port called with an input {@link Source}, required or optional, with an optional
 * deadline, fallback, freshness and fields. Immutable and thread-safe; equality ignores origins.
 */
public final class Section {
    private final String id;
    private final String port;
    private final Source from;
    private final boolean requiredStated;
    private final boolean optionalStated;
    private final Duration deadline;
    private final Fallback fallback;
    private final Duration freshness;
    private final List<Field> fields;
    private final Origins origins;

    private Section(Builder b) {
        this.id = b.id;
        this.port = b.port;
        this.from = b.from;
        this.requiredStated = b.required;
        this.optionalStated = b.optional;
        this.deadline = b.deadline;
        this.fallback = b.fallback;
        this.freshness = b.freshness;
        this.fields = List.copyOf(b.fields);
        this.origins = b.origins;
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    public String id() {
        return id;
    }

    public String port() {
        return port;
    }

    public Source from() {
        return from;
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

    /**
     * How old a value this screen accepts from this section without calling its port: a value fetched for the same
     * screen, section, port and input within this long is shown as OK with its {@code asOf}. A business policy of
     * this screen: another screen calling the same port never sees these values.
     */
    public Optional<Duration> freshness() {
        return Optional.ofNullable(freshness);
    }

    public List<Field> fields() {
        return fields;
    }

    public Optional<Origin> origin() {
        return Optional.ofNullable(origins.element());
    }

    /** Where an attribute (e.g. {@code port}, {@code from}) was written, else where the section was. */
    public Optional<Origin> originOf(String attribute) {
        return origins.of(attribute);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Section s && id.equals(s.id) && port.equals(s.port) && from.equals(s.from)
                && requiredStated == s.requiredStated && optionalStated == s.optionalStated
                && Objects.equals(deadline, s.deadline) && Objects.equals(fallback, s.fallback)
                && Objects.equals(freshness, s.freshness) && fields.equals(s.fields);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, port, from, requiredStated, optionalStated, deadline, fallback, freshness, fields);
    }

    @Override
    public String toString() {
        return "Section[" + id + " port=" + port + " from=" + from + (isRequired() ? " required" : " optional")
                + (deadline == null ? "" : " deadline=" + deadline) + (fallback == null ? "" : " fallback=" + fallback)
                + (freshness == null ? "" : " freshness=" + freshness) + (fields.isEmpty() ? "" : " fields=" + fields) + "]";
    }

    /** Collects a section; {@link #build()} copies, so the builder may be reused. */
    public static final class Builder {
        private final String id;
        private String port;
        private Source from = Source.customer();
        private boolean required;
        private boolean optional;
        private Duration deadline;
        private Fallback fallback;
        private Duration freshness;
        private final List<Field> fields = new ArrayList<>();
        private Origins origins = Origins.NONE;

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "section id");
        }

        public Builder port(String port) {
            this.port = Objects.requireNonNull(port, "port");
            return this;
        }

        /** The input; {@link Source#customer()} unless set. */
        public Builder from(Source from) {
            this.from = Objects.requireNonNull(from, "from");
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
            this.deadline = Origins.positive(deadline, "deadline of section '" + id + "'");
            return this;
        }

        public Builder fallback(Fallback fallback) {
            this.fallback = Objects.requireNonNull(fallback, "fallback (use Fallback.value(null) for a null value)");
            return this;
        }

        /** See {@link Section#freshness()}; must be positive. */
        public Builder freshness(Duration freshness) {
            this.freshness = Origins.positive(freshness, "freshness of section '" + id + "'");
            return this;
        }

        public Builder field(Field field) {
            fields.add(Objects.requireNonNull(field, "field"));
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

        public Section build() {
            if (port == null) {
                throw new IllegalStateException("section '" + id + "' has no port: call .port(\"name\") before build()");
            }
            return new Section(this);
        }
    }
}
