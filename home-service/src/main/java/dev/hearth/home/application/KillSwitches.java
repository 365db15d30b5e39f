package dev.hearth.home.application;

import com.codahale.metrics.MetricRegistry;
import dev.hearth.dsl.CompiledScreen;
import dev.hearth.dsl.Screen;
import dev.hearth.dsl.Section;
import dev.hearth.dsl.Source;
import dev.hearth.ports.domain.model.SectionSwitch;
import dev.hearth.ports.domain.port.out.KillSwitchStorePort;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
    private final Duration pollInterval;
    private final AtomicReference<List<SectionSwitch>> current = new AtomicReference<>(List.of());
    private final AtomicLong refreshFailures = new AtomicLong();
    private final ScheduledExecutorService poller;

    /** Reads the switches once (a failure is tolerated: none known yet), then every {@code pollInterval}. */
    public KillSwitches(KillSwitchStorePort store, Supplier<LoadedScreens> screens, Duration pollInterval, Clock clock,
            MetricRegistry metrics) {
        this.store = Objects.requireNonNull(store, "store");
        this.screens = Objects.requireNonNull(screens, "screens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.pollInterval = Objects.requireNonNull(pollInterval, "pollInterval");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("killSwitches.pollInterval must be positive, e.g. 1s; not " + pollInterval);
        }
        refresh();
        this.poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                .name("kill-switch-poller").factory());
        poller.scheduleWithFixedDelay(this::refresh, pollInterval.toMillis(), pollInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** The sections of {@code screen} switched off for an app on {@code platform}, as last read; memory only. */
    @Override
    public Set<String> off(String screen, Optional<String> platform) {
        Set<String> off = null;
        for (SectionSwitch s : current.get()) {
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
        return current.get();
    }

    public Duration pollInterval() {
        return pollInterval;
    }

    /** How many reads in a row have failed (0 when the last one worked). */
    public long refreshFailures() {
        return refreshFailures.get();
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
        Section target = compiled.screen().section(section).orElseThrow(() -> new IllegalArgumentException(
                "screen '" + screen + "' has no section '" + section + "'; its optional sections, which can be "
                        + "switched off: " + optional(compiled.screen())));
        if (target.isRequired()) {
            throw new IllegalArgumentException("section '" + section + "' of screen '" + screen + "' is required, and "
                    + "a required section cannot be switched off: the screen cannot be shown without it (every "
                    + "request would fail). Its optional sections, which can be: " + optional(compiled.screen()));
        }
        List<Section> readers = readers(compiled.screen(), section);
        List<String> required = readers.stream().filter(Section::isRequired).map(Section::id).toList();
        if (!required.isEmpty()) {
            throw new IllegalArgumentException("section '" + section + "' of screen '" + screen + "' cannot be switched "
                    + "off: required section(s) " + required + " read it and would be left without their input");
        }
        SectionSwitch wanted = new SectionSwitch(screen, section, platform, clock.instant(), actor, reason);
        KillSwitchStorePort.Switched saved = store.switchOff(wanted);
        List<String> withIt = readers.stream().map(Section::id).toList();
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
        return screens.get().catalog().find(s.screen()).flatMap(c -> c.screen().section(s.section()))
                .filter(Section::isOptional).isPresent();
    }

    /** The sections switched off with {@code s}'s: those that read it, directly or not (empty when not in force). */
    public List<String> offWithIt(SectionSwitch s) {
        return screens.get().catalog().find(s.screen())
                .map(c -> readers(c.screen(), s.section()).stream().map(Section::id).toList()).orElse(List.of());
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
        try {
            List<SectionSwitch> read = List.copyOf(store.load());
            List<SectionSwitch> before = current.getAndSet(read);
            if (!read.equals(before)) {
                LOG.info("Following kill switches: {}", read.isEmpty() ? "none" : read.stream()
                        .map(SectionSwitch::where).toList());
            }
        } catch (RuntimeException e) {
            long failures = refreshFailures.incrementAndGet();
            if (failures == 1 || failures % 60 == 0) {
                LOG.warn("Cannot read the kill switches from the database ({} times in a row); following the last "
                        + "known ones: {}", failures, current.get().stream().map(SectionSwitch::where).toList(), e);
            }
            return;
        }
        refreshFailures.set(0);
    }

    private CompiledScreen<?> screen(String screen) {
        return screens.get().catalog().find(screen).orElseThrow(() -> new IllegalArgumentException(
                "there is no screen '" + screen + "'; known screens: " + new TreeSet<>(screens.get().catalog().ids())));
    }

    private static List<String> optional(Screen screen) {
        return screen.sections().stream().filter(Section::isOptional).map(Section::id).toList();
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
        poller.shutdownNow();
        try {
            if (!poller.awaitTermination(5, TimeUnit.SECONDS)) {
                LOG.warn("The kill switch poller did not stop within 5 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
