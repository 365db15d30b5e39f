package dev.hearth.dsl;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A screen: an id, a total budget, its sections in display order (its default) and its {@link Variant}s for some
 * apps. Immutable and thread-safe; equality ignores
 * origins, so a screen read from YAML equals the same screen built in Java.
 */
public final class Screen {
    private final String id;
    private final Duration budget;
    private final List<Section> sections;
    private final List<Variant> variants;
    private final Origins origins;

    private Screen(Builder b) {
        this.id = b.id;
        this.budget = b.budget;
        this.sections = List.copyOf(b.sections);
        this.variants = List.copyOf(b.variants);
        this.origins = b.origins;
    }

    public static Builder builder(String id) {
        return new Builder(id);
    }

    public String id() {
        return id;
    }

    public Duration budget() {
        return budget;
    }

    public List<Section> sections() {
        return sections;
    }

    public Optional<Section> section(String id) {
        return sections.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /** The variants, as written; the sections above are the default. */
    public List<Variant> variants() {
        return variants;
    }

    public Optional<Origin> origin() {
        return Optional.ofNullable(origins.element());
    }

    /** Where an attribute (e.g. {@code budget}) was written, else where the screen was. */
    public Optional<Origin> originOf(String attribute) {
        return origins.of(attribute);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Screen s && id.equals(s.id) && budget.equals(s.budget) && sections.equals(s.sections)
                && variants.equals(s.variants);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, budget, sections, variants);
    }

    @Override
    public String toString() {
        return "Screen[" + id + " budget=" + budget + " sections=" + sections
                + (variants.isEmpty() ? "" : " variants=" + variants) + "]";
    }

    /** Collects a screen; {@link #build()} copies, so the builder may be reused. */
    public static final class Builder {
        private final String id;
        private Duration budget;
        private final List<Section> sections = new ArrayList<>();
        private final List<Variant> variants = new ArrayList<>();
        private Origins origins = Origins.NONE;

        private Builder(String id) {
            this.id = Objects.requireNonNull(id, "screen id");
        }

        /** The most the whole screen may take. */
        public Builder budget(Duration budget) {
            this.budget = Origins.positive(budget, "budget of screen '" + id + "'");
            return this;
        }

        public Builder section(Section section) {
            sections.add(Objects.requireNonNull(section, "section"));
            return this;
        }

        /** A variant for some apps; the sections of this builder are the default. */
        public Builder variant(Variant variant) {
            variants.add(Objects.requireNonNull(variant, "variant"));
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

        public Screen build() {
            if (budget == null) {
                throw new IllegalStateException("screen '" + id + "' has no budget: call .budget(Duration) before build()");
            }
            return new Screen(this);
        }
    }
}
