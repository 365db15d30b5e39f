package dev.hearth.home.application;

import com.codahale.metrics.MetricRegistry;
import dev.hearth.dsl.CompiledScreen;
import dev.hearth.dsl.Screen;
import dev.hearth.dsl.Section;
import dev.hearth.dsl.Source;
import dev.hearth.dsl.Variant;
import dev.hearth.ports.domain.model.SectionSwitch;
import dev.hearth.ports.domain.port.out.KillSwitchStorePort;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kill switches this instance follows (docs/adr/027-kill-switches.md): read from the database every
 * {@code pollInterval}, so a section switched off or on through any instance is followed by all of them within that
 * interval (plus one query), as the rollout is. When the database cannot be read, the last known switches stay, the
 * failure is counted and logged, and no screen waits or fails for it: requests read memory only.
 *
 * <p>Only an optional section can be switched off: a required one is refused, and so is one that a required section
 * reads (it would be left without its input). A section that reads a switched-off one is switched off with it
 * (the engine's rule, {@code ScreenRequest.disabled()}).
 */
public final class KillSwitches implements SectionSwitches, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KillSwitches.class);
    /** Counter per action ({@code off}, {@code on}): switches this instance changed. */
    public static final String CHANGES = "hearth.kill-switches.changes.";
    /** Gauge: switches stored now, as last read. */
    public static final String IN_FORCE = "hearth.kill-switches.stored";
    /** Gauge: reads of the switches that failed in a row (0 = following the database). */
    public static final String REFRESH_FAILURES = "hearth.kill-switches.refresh-failures";

    private final KillSwitchStorePort store;
    private final Supplier<LoadedScreens> screens;
    private final Clock clock;
    private final MetricRegistry metrics;
    private final DatabaseFollower<List<SectionSwitch>> followed;

    /** Reads the switches once (a failure is tolerated: none known yet), then every {@code pollInterval}. */
    public KillSwitches(KillSwitchStorePort store, Supplier<LoadedScreens> screens, Duration pollInterval, Clock clock,
            MetricRegistry metrics) {
        this.store = Objects.requireNonNull(store, "store");
        this.screens = Objects.requireNonNull(screens, "screens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.followed = new DatabaseFollower<>("the kill switches", "killSwitches.pollInterval", LOG, List.of(),
                DatabaseFollower.Source.of(() -> List.copyOf(store.load()), KillSwitches::describe), pollInterval,
                "kill-switch-poller");
    }

    private static String describe(List<SectionSwitch> switches) {
        return switches.isEmpty() ? "none" : switches.stream().map(SectionSwitch::where).toList().toString();
    }

    /** The sections of {@code screen} switched off for an app on {@code platform}, as last read; memory only. */
    @Override
    public Set<String> off(String screen, Optional<String> platform) {
        Set<String> off = null;
        for (SectionSwitch s : followed.current()) {
            if (s.screen().equals(screen) && (s.platform().isEmpty() || s.platform().equals(platform))) {
                if (off == null) {
                    off = new LinkedHashSet<>();
                }
                off.add(s.section());
            }
        }
        return off == null ? Set.of() : off;
    }

    /** Every switch stored, as last read (or as this instance last changed them). */
    public List<SectionSwitch> current() {
        return followed.current();
    }

    public Duration pollInterval() {
        return followed.pollInterval();
    }

    /** How many reads in a row have failed (0 when the last one worked). */
    public long refreshFailures() {
        return followed.refreshFailures();
    }

    /**
     * Switches {@code section} of {@code screen} off for every instance (for {@code platform}, or every platform when
     * empty), and follows it here at once; logs the change and counts it.
     *
     * @throws IllegalArgumentException for an unknown screen or section, a required section, or one a required
     *                                  section reads; nothing is stored
     */
    public Change switchOff(String screen, String section, Optional<String> platform, String actor,
            Optional<String> reason) {
        CompiledScreen<?> compiled = screen(screen);
        Map<String, Screen> having = new LinkedHashMap<>(); // the variants (the default first) that have the section
        compiled.variants().forEach((variant, c) -> c.screen().section(section).ifPresent(x -> having.put(variant,
                c.screen())));
        if (having.isEmpty()) {
            throw new IllegalArgumentException("screen '" + screen + "' has no section '" + section + "'; its optional "
                    + "sections, which can be switched off: " + optional(compiled));
        }
        List<String> withIt = new ArrayList<>();
        for (Map.Entry<String, Screen> variant : having.entrySet()) {
            String where = "section '" + section + "' of screen '" + screen + "'" + (variant.getKey().equals(
                    Variant.DEFAULT) ? "" : " (variant '" + variant.getKey() + "')");
            if (variant.getValue().section(section).orElseThrow().isRequired()) {
                throw new IllegalArgumentException(where + " is required, and a required section cannot be switched "
                        + "off: the screen cannot be shown without it (every request would fail). Its optional "
                        + "sections, which can be: " + optional(compiled));
            }
            List<Section> readers = readers(variant.getValue(), section);
            List<String> required = readers.stream().filter(Section::isRequired).map(Section::id).toList();
            if (!required.isEmpty()) {
                throw new IllegalArgumentException(where + " cannot be switched off: required section(s) " + required
                        + " read it and would be left without their input");
            }
            readers.stream().map(Section::id).filter(id -> !withIt.contains(id)).forEach(withIt::add);
        }
        SectionSwitch wanted = new SectionSwitch(screen, section, platform, clock.instant(), actor, reason);
        KillSwitchStorePort.Switched saved = store.switchOff(wanted);
        if (saved.changed()) {
            LOG.info("Kill switch: {}{}", saved.stored().describe(),
                    withIt.isEmpty() ? "" : "; off with it (they read it): " + withIt);
            metrics.counter(CHANGES + "off").inc();
        }
        refresh(); // followed here at once, not a poll later
        return new Change(saved.stored(), saved.changed(), withIt);
    }

    /**
     * Switches {@code section} of {@code screen} on again for {@code platform} (empty: the switch for every platform;
     * one for a single platform stays), for every instance, and follows it here at once. Names are not checked
     * against the running screens: a switch left from a section since removed can be deleted.
     *
     * @return the switch deleted, empty when it was not off
     */
    public Optional<SectionSwitch> switchOn(String screen, String section, Optional<String> platform, String actor,
            Optional<String> reason) {
        Optional<SectionSwitch> deleted = store.switchOn(screen, section, platform);
        deleted.ifPresent(was -> {
            LOG.info("Kill switch: {} switched on again by {}{} (was {})", was.where(), actor,
                    reason.map(r -> ": " + r).orElse(""), was.describe());
            metrics.counter(CHANGES + "on").inc();
        });
        refresh();
        return deleted;
    }

    /**
     * Whether {@code s} switches a section off now: its screen and section run here and the section is optional
     * (a switch left from a section since removed, or made required, does nothing).
     */
    public boolean inForce(SectionSwitch s) {
        return screens.get().catalog().find(s.screen()).stream().flatMap(c -> c.variants().values().stream())
                .flatMap(c -> c.screen().section(s.section()).stream()).anyMatch(Section::isOptional);
    }

    /** The sections switched off with {@code s}'s: those that read it, directly or not (empty when not in force). */
    public List<String> offWithIt(SectionSwitch s) {
        return screens.get().catalog().find(s.screen()).stream().flatMap(c -> c.variants().values().stream())
                .flatMap(c -> readers(c.screen(), s.section()).stream()).map(Section::id).distinct().toList();
    }

    /** A change made: the switch as stored, whether this call stored it, and the sections off with it. */
    public record Change(SectionSwitch stored, boolean changed, List<String> offWithIt) {
        public Change {
            Objects.requireNonNull(stored, "stored");
            offWithIt = List.copyOf(offWithIt);
        }
    }

    /** Reads the switches now; keeps the last known ones when that fails. */
    void refresh() {
        followed.refresh();
    }

    private CompiledScreen<?> screen(String screen) {
        return screens.get().catalog().find(screen).orElseThrow(() -> new IllegalArgumentException(
                "there is no screen '" + screen + "'; known screens: " + new TreeSet<>(screens.get().catalog().ids())));
    }

    /** The optional sections of the screen's variants, the default's first. */
    private static List<String> optional(CompiledScreen<?> screen) {
        return screen.variants().values().stream().flatMap(c -> c.screen().sections().stream())
                .filter(Section::isOptional).map(Section::id).distinct().toList();
    }

    /** The sections that take their input from {@code id}, directly or not, in screen order. */
    static List<Section> readers(Screen screen, String id) {
        Set<String> off = new LinkedHashSet<>(List.of(id));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Section s : screen.sections()) {
                String from = switch (s.from()) {
                    case Source.SectionRef r -> r.id();
                    case Source.Each e -> e.sectionId();
                    default -> null;
                };
                if (from != null && off.contains(from) && off.add(s.id())) {
                    grew = true;
                }
            }
        }
        List<Section> readers = new ArrayList<>();
        screen.sections().stream().filter(s -> !s.id().equals(id) && off.contains(s.id())).forEach(readers::add);
        return readers;
    }

    /** Stops polling, waiting (up to 5 s) for a read in progress, so none runs after the database is closed. */
    @Override
    public void close() {
        followed.close();
    }
}
