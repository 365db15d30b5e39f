package dev.hearth.dsl.internal;

import dev.hearth.dsl.AppVersion;
import dev.hearth.dsl.Origin;
import dev.hearth.dsl.Problem;
import dev.hearth.dsl.Screen;
import dev.hearth.dsl.Section;
import dev.hearth.dsl.Variant;
import dev.hearth.dsl.VersionRange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks what a screen's variants say of themselves and of each other: names, selectors, the section ids they
 * remove, override and add, and that no two could answer one app without a stated precedence. Whether each variant
 * makes a valid screen is the {@link ScreenValidator}'s, on the variant's sections.
 */
public final class VariantValidator {
    private final Screen screen;
    private final List<Problem> problems = new ArrayList<>();

    private VariantValidator(Screen screen) {
        this.screen = screen;
    }

    /** Every problem of the variants of {@code screen}; empty when they may each be compiled. */
    public static List<Problem> validate(Screen screen) {
        VariantValidator v = new VariantValidator(screen);
        v.run();
        return List.copyOf(v.problems);
    }

    private void run() {
        Set<String> baseIds = new LinkedHashSet<>();
        screen.sections().forEach(s -> baseIds.add(s.id()));
        Map<String, Variant> byName = new LinkedHashMap<>();
        for (Variant v : screen.variants()) {
            String label = "variant '" + v.name() + "' of screen '" + screen.id() + "'";
            if (v.name().equals(Variant.DEFAULT)) {
                add(v.originOf("name"), "a variant is named '" + Variant.DEFAULT + "'",
                        "'" + Variant.DEFAULT + "' names the screen's own sections (what an app no variant matches "
                                + "gets); give the variant another name, or edit the sections above for every app");
            } else if (!v.name().matches("[a-z0-9][a-z0-9-]{0,39}")) {
                add(v.originOf("name"), "variant name '" + v.name() + "' is not a short lower-case name",
                        "use lower-case letters, digits and '-' (at most 40), e.g. `legacy-apps`: the name goes into "
                                + "the response, a header and metrics");
            }
            Variant first = byName.putIfAbsent(v.name(), v);
            if (first != null) {
                add(v.originOf("name"), "variant name '" + v.name() + "' is used twice"
                        + first.origin().map(o -> " (first at " + o + ")").orElse(""),
                        "give each variant its own name");
            }
            if (v.experimentOnly() && (v.platform().isPresent() || v.appVersion().isPresent())) {
                add(v.originOf("when"), label + " is for experiments only and also names apps",
                        "an experiment's arms are served only to apps that get the default; leave `platform` and "
                                + "`appVersion` out of `when: { experiment: true }`, or make it an ordinary variant");
            }
            if (!v.experimentOnly() && v.platform().isEmpty() && v.appVersion().isEmpty()) {
                add(v.originOf("when"), label + " says no `when`, so it would answer every app and leave the screen "
                                + "no default",
                        "say which apps it is for: `when: { platform: ios }`, `when: { appVersion: \"<2.0\" }` or "
                                + "both; to change the screen for every app, edit its sections instead");
            }
            if (v.remove().isEmpty() && v.override().isEmpty() && v.add().isEmpty()) {
                add(v.origin(), label + " changes nothing", "say what differs for these apps with `remove:`, "
                        + "`override:` or `add:`, or delete the variant");
            }
            Set<String> touched = new HashSet<>();
            for (String id : v.remove()) {
                if (!baseIds.contains(id)) {
                    add(v.originOf("remove"), label + " removes unknown section '" + id + "'",
                            Suggestions.hint(id, baseIds, "sections"));
                } else if (!touched.add(id)) {
                    add(v.originOf("remove"), label + " removes section '" + id + "' twice", "name it once");
                }
            }
            for (Section s : v.override()) {
                if (!baseIds.contains(s.id())) {
                    add(s.origin().or(v::origin), label + " overrides unknown section '" + s.id() + "'",
                            Suggestions.hint(s.id(), baseIds, "sections") + "; to show a new section, `add:` it");
                } else if (!touched.add(s.id())) {
                    add(s.origin().or(v::origin), label + " overrides section '" + s.id()
                            + "' it also removes or overrides elsewhere", "change each section once per variant");
                }
            }
            Set<String> added = new HashSet<>();
            for (Section s : v.add()) {
                if (baseIds.contains(s.id())) {
                    add(s.origin().or(v::origin), label + " adds section '" + s.id() + "', which the screen has already",
                            "use `override:` to change it for these apps, or give the new section another id");
                } else if (!added.add(s.id())) {
                    add(s.origin().or(v::origin), label + " adds section '" + s.id() + "' twice",
                            "give each section its own id");
                }
            }
        }
        overlaps();
    }

    /** Two variants that could both match one app must say, by different priorities, which one answers. */
    private void overlaps() {
        List<Variant> variants = screen.variants();
        for (int i = 0; i < variants.size(); i++) {
            for (int j = i + 1; j < variants.size(); j++) {
                Variant a = variants.get(i);
                Variant b = variants.get(j);
                if (a.experimentOnly() || b.experimentOnly()) {
                    continue; // no app selects an experiment's arm by its headers
                }
                Optional<String> example = commonApp(a, b);
                if (example.isEmpty() || a.name().equals(b.name())) {
                    continue;
                }
                if (a.priority().isPresent() && b.priority().isPresent()
                        && a.priority().getAsInt() != b.priority().getAsInt()) {
                    continue;
                }
                add(b.originOf("when"), "variants '" + a.name() + "'" + at(a.origin()) + " and '" + b.name()
                                + "' of screen '" + screen.id() + "' both match " + example.get()
                                + ", and nothing says which answers",
                        "give the one that should win a higher `priority:` than the other (e.g. `priority: 2` and "
                                + "`priority: 1`), or narrow their `when` so that no app matches both");
            }
        }
    }

    /** An app both variants match ({@code an app on ios at version 1.5}), or empty when none can be. */
    static Optional<String> commonApp(Variant a, Variant b) {
        if (a.platform().isPresent() && b.platform().isPresent() && !a.platform().equals(b.platform())) {
            return Optional.empty();
        }
        Optional<String> platform = a.platform().or(b::platform);
        Optional<AppVersion> version;
        if (a.appVersion().isPresent() && b.appVersion().isPresent()) {
            Optional<VersionRange> both = a.appVersion().get().intersection(b.appVersion().get());
            if (both.isEmpty()) {
                return Optional.empty();
            }
            version = both.get().example();
        } else {
            version = a.appVersion().or(b::appVersion).flatMap(VersionRange::example);
        }
        return Optional.of("an app " + platform.map(p -> "on " + p).orElse("on any platform")
                + version.map(v -> " at version " + v).orElse(""));
    }

    private void add(Optional<Origin> where, String message, String hint) {
        problems.add(new Problem(where, where.isPresent() ? message : "screen '" + screen.id() + "': " + message, hint));
    }

    private static String at(Optional<Origin> origin) {
        return origin.map(o -> " (at " + o + ")").orElse("");
    }
}
