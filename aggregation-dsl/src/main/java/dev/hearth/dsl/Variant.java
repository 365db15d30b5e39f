package dev.hearth.dsl;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * A variant of a screen for some apps: which apps ({@code when}: a platform, an app-version range, or both, all of
 * which must hold) and how its sections differ from the screen's own (its default): sections removed, sections
 * overridden (replaced where they stand) and sections added (after the others). When two variants could both match
 * one app, the one with the higher {@code priority} answers; they must state different priorities. Immutable;
 * equality ignores origins.
 */
public final class Variant {
    /** The name of a screen's own sections, as responses and metrics name it; no variant may take it. */
    public static final String DEFAULT = "default";

    private final String name;
    private final String platform;
    private final VersionRange appVersion;
    private final Integer priority;
    private final boolean experimentOnly;
    private final List<String> remove;
    private final List<Section> override;
    private final List<Section> add;
    private final Origins origins;

    private Variant(Builder b) {
        this.name = b.name;
        this.platform = b.platform;
        this.appVersion = b.appVersion;
        this.priority = b.priority;
        this.experimentOnly = b.experimentOnly;
        this.remove = List.copyOf(b.remove);
        this.override = List.copyOf(b.override);
        this.add = List.copyOf(b.add);
        this.origins = b.origins;
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /** The platform an app must say (lower case); empty: any platform, or none. */
    public Optional<String> platform() {
        return Optional.ofNullable(platform);
    }

    /** The versions an app must say one of; empty: any version, or none. */
    public Optional<VersionRange> appVersion() {
        return Optional.ofNullable(appVersion);
    }

    /** Which variant answers when several match one app: the higher. */
    public OptionalInt priority() {
        return priority == null ? OptionalInt.empty() : OptionalInt.of(priority);
    }

    /**
     * Whether the variant is served only as an arm of an experiment ({@code when: { experiment: true }}): no app
     * selects it by its headers; an experiment names it (docs/adr/029-experiments.md).
     */
    public boolean experimentOnly() {
        return experimentOnly;
    }

    public List<String> remove() {
        return remove;
    }

    public List<Section> override() {
        return override;
    }

    public List<Section> add() {
        return add;
    }

    /** Whether the variant is for {@code client}: every condition it states holds (an unsaid value meets none). */
    public boolean matches(Client client) {
        Objects.requireNonNull(client, "client");
        return !experimentOnly && (platform == null || client.platform().filter(platform::equals).isPresent())
                && (appVersion == null || client.version().filter(appVersion::contains).isPresent());
    }

    /**
     * The screen this variant shows, made from {@code base} (the screen's own sections): removed sections left
     * out, overridden ones replaced in place, added ones after the rest. Ids the base lacks are the validator's to
     * report; here they are skipped.
     */
    public Screen applyTo(Screen base) {
        Objects.requireNonNull(base, "base");
        Set<String> removed = new LinkedHashSet<>(remove);
        Screen.Builder out = Screen.builder(base.id()).budget(base.budget());
        base.origin().ifPresent(out::origin);
        for (Section s : base.sections()) {
            if (removed.contains(s.id())) {
                continue;
            }
            out.section(override.stream().filter(o -> o.id().equals(s.id())).findFirst().orElse(s));
        }
        add.forEach(out::section);
        return out.build();
    }

    /** {@code platform ios, appVersion <2.0}; {@code any app} when it states nothing. */
    public String describeWhen() {
        List<String> parts = new ArrayList<>();
        if (experimentOnly) {
            parts.add("experiment arms only");
        }
        if (platform != null) {
            parts.add("platform " + platform);
        }
        if (appVersion != null) {
            parts.add("appVersion " + appVersion);
        }
        return parts.isEmpty() ? "any app" : String.join(", ", parts);
    }

    public Optional<Origin> origin() {
        return Optional.ofNullable(origins.element());
    }

    /** Where an attribute ({@code when}, {@code remove}, ...) was written, else where the variant was. */
    public Optional<Origin> originOf(String attribute) {
        return origins.of(attribute);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Variant v && name.equals(v.name) && Objects.equals(platform, v.platform)
                && Objects.equals(appVersion, v.appVersion) && Objects.equals(priority, v.priority)
                && experimentOnly == v.experimentOnly
                && remove.equals(v.remove) && override.equals(v.override) && add.equals(v.add);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, platform, appVersion, priority, experimentOnly, remove, override, add);
    }

    @Override
    public String toString() {
        return "Variant[" + name + " when " + describeWhen() + (priority == null ? "" : " priority=" + priority)
                + (remove.isEmpty() ? "" : " remove=" + remove) + (override.isEmpty() ? "" : " override=" + override)
                + (add.isEmpty() ? "" : " add=" + add) + "]";
    }

    /** Collects a variant; {@link #build()} copies, so the builder may be reused. */
    public static final class Builder {
        private final String name;
        private String platform;
        private VersionRange appVersion;
        private Integer priority;
        private boolean experimentOnly;
        private final List<String> remove = new ArrayList<>();
        private final List<Section> override = new ArrayList<>();
        private final List<Section> add = new ArrayList<>();
        private Origins origins = Origins.NONE;

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "variant name");
        }

        /** Only apps that say this platform (compared in lower case). */
        public Builder platform(String platform) {
            this.platform = Objects.requireNonNull(platform, "platform").strip().toLowerCase(Locale.ROOT);
            return this;
        }

        /** Only apps whose version is in {@code range}. */
        public Builder appVersion(VersionRange range) {
            this.appVersion = Objects.requireNonNull(range, "appVersion");
            return this;
        }

        /** Served only as an experiment's arm, never selected by an app's headers. */
        public Builder experimentOnly() {
            this.experimentOnly = true;
            return this;
        }

        public Builder priority(int priority) {
            this.priority = priority;
            return this;
        }

        public Builder remove(String sectionId) {
            remove.add(Objects.requireNonNull(sectionId, "section id"));
            return this;
        }

        /** A section replacing the base's section of the same id, where it stands. */
        public Builder override(Section section) {
            override.add(Objects.requireNonNull(section, "section"));
            return this;
        }

        /** A section the base does not have, shown after the others. */
        public Builder add(Section section) {
            add.add(Objects.requireNonNull(section, "section"));
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

        public Variant build() {
            return new Variant(this);
        }
    }
}
