package dev.hearth.home.application;

import com.codahale.metrics.MetricRegistry;
import dev.hearth.dsl.CompiledScreen;
import dev.hearth.dsl.Variant;
import dev.hearth.ports.domain.model.Experiment;
import dev.hearth.ports.domain.model.ExperimentChange;
import dev.hearth.ports.domain.port.out.ExperimentStorePort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The experiments this instance follows (docs/adr/029-experiments.md): read from the database every
 * {@code pollInterval}, so an experiment started, changed or stopped through any instance is followed by all of them
 * within that interval (plus one query), as the rollout and the kill switches are. When the database cannot be read,
 * the last known experiments stay, the failure is counted and logged, and no screen waits or fails for it: requests
 * read memory only.
 *
 * <p>An arm is the screen's default ({@code default}, the control) or a variant written for experiments only
 * ({@code when: { experiment: true }}); only apps the screen's variants give the default are in an experiment.
 */
public final class Experiments implements ScreenExperiments, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Experiments.class);
    /** Counter per action ({@code start}, {@code change}, {@code stop}): changes this instance made. */
    public static final String CHANGES = "hearth.experiments.changes.";
    /** Gauge: experiments running, as last read. */
    public static final String RUNNING = "hearth.experiments.running";
    /** Gauge: reads of the experiments that failed in a row (0 = following the database). */
    public static final String REFRESH_FAILURES = "hearth.experiments.refresh-failures";
    /** The most changes {@code GET /experiments} shows. */
    public static final int HISTORY = 200;

    private final ExperimentStorePort store;
    private final Supplier<LoadedScreens> screens;
    private final Clock clock;
    private final MetricRegistry metrics;
    private final DatabaseFollower<Map<String, Experiment>> followed;

    /** Reads the experiments once (a failure is tolerated: none known yet), then every {@code pollInterval}. */
    public Experiments(ExperimentStorePort store, Supplier<LoadedScreens> screens, Duration pollInterval, Clock clock,
            MetricRegistry metrics) {
        this.store = Objects.requireNonNull(store, "store");
        this.screens = Objects.requireNonNull(screens, "screens");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.followed = new DatabaseFollower<>("the experiments", "experiments.pollInterval", LOG, Map.of(),
                DatabaseFollower.Source.of(this::read, Experiments::describe), pollInterval, "experiment-poller");
    }

    /** The experiments running, by screen, in the store's order. */
    private Map<String, Experiment> read() {
        Map<String, Experiment> read = new LinkedHashMap<>();
        store.running().forEach(e -> read.put(e.screen(), e));
        return Collections.unmodifiableMap(read);
    }

    private static String describe(Map<String, Experiment> running) {
        return running.isEmpty() ? "none" : running.values().stream()
                .map(e -> e.screen() + "/" + e.name() + " " + Experiment.format(e.arms())).toList().toString();
    }

    @Override
    public Optional<Experiment> running(String screen) {
        return Optional.ofNullable(followed.current().get(screen));
    }

    /** Every experiment running, as last read, by screen. */
    public List<Experiment> current() {
        return List.copyOf(followed.current().values());
    }

    public Duration pollInterval() {
        return followed.pollInterval();
    }

    public long refreshFailures() {
        return followed.refreshFailures();
    }

    /** The latest changes of every experiment, newest first, read from the database now. */
    public List<ExperimentChange> history() {
        return store.history(HISTORY);
    }

    /**
     * Starts the experiment {@code name} on {@code screen} with {@code arms} ({@code default:50,new-banners:50}) for
     * every instance, and follows it here at once.
     *
     * @throws IllegalArgumentException for an unknown screen or variant, an arm that is a variant apps choose by
     *                                  their headers, bad percentages, fewer than two arms, or an experiment already
     *                                  running on the screen; nothing is stored
     */
    public Experiment start(String screen, String name, String arms, String actor, Optional<String> reason) {
        Experiment.name(name);
        List<Experiment.Arm> parsed = Experiment.parseArms(arms);
        requireArms(screen, parsed);
        Instant now = clock.instant();
        Experiment wanted = new Experiment(screen, name, parsed, 1, now, now, actor);
        Optional<Experiment> already = store.start(wanted, reason);
        if (already.isPresent()) {
            throw new IllegalArgumentException("an experiment already runs on screen '" + screen + "': "
                    + already.get().describe() + "; stop it first (POST /tasks/experiment-stop?screen=" + screen
                    + "&name=" + already.get().name() + ")");
        }
        LOG.info("Experiment started by {}{}: {}", actor, reason.map(r -> " (" + r + ")").orElse(""), wanted.describe());
        metrics.counter(CHANGES + "start").inc();
        refresh();
        return wanted;
    }

    /**
     * Gives the experiment {@code name} running on {@code screen} new percentages for the same arms, kept in their
     * order so that only the customers whose bucket changes arm move.
     *
     * @return the experiment before and after
     * @throws IllegalArgumentException when no experiment of that name runs there, or the arms differ or are bad
     */
    public Changed change(String screen, String name, String arms, String actor, Optional<String> reason) {
        Experiment running = runningNamed(screen, name);
        List<Experiment.Arm> reordered = running.reordered(Experiment.parseArms(arms));
        requireArms(screen, reordered);
        Instant now = clock.instant();
        Experiment before = store.change(screen, name, reordered, now, actor, reason)
                .orElseThrow(() -> notRunning(screen, name));
        Experiment after = before.changed(reordered, now, actor);
        LOG.info("Experiment changed by {}{}: {} (was {})", actor, reason.map(r -> " (" + r + ")").orElse(""),
                after.describe(), Experiment.format(before.arms()));
        metrics.counter(CHANGES + "change").inc();
        refresh();
        return new Changed(before, after);
    }

    /** An experiment before and after a change of its percentages. */
    public record Changed(Experiment before, Experiment after) {
    }

    /**
     * Stops the experiment running on {@code screen} ({@code name}, when given, must be its name): everyone gets
     * what their app selects again.
     *
     * @return the experiment stopped; empty when none ran there
     * @throws IllegalArgumentException when {@code name} is not the experiment running there
     */
    public Optional<Experiment> stop(String screen, Optional<String> name, String actor, Optional<String> reason) {
        Optional<Experiment> stored = store.running().stream().filter(e -> e.screen().equals(screen)).findFirst();
        if (stored.isEmpty()) {
            refresh();
            return Optional.empty();
        }
        if (name.isPresent() && !name.get().equals(stored.get().name())) {
            throw new IllegalArgumentException("the experiment running on screen '" + screen + "' is '"
                    + stored.get().name() + "', not '" + name.get() + "'; nothing stopped");
        }
        Optional<Experiment> stopped = store.stop(screen, stored.get().name(), clock.instant(), actor, reason);
        stopped.ifPresent(was -> {
            LOG.info("Experiment stopped by {}{}: {}", actor, reason.map(r -> " (" + r + ")").orElse(""),
                    was.describe());
            metrics.counter(CHANGES + "stop").inc();
        });
        refresh();
        return stopped;
    }

    /**
     * Whether {@code e} runs here as stored: its screen is loaded and every arm is its default or a variant of it for
     * experiments only. When not (a screen file reloaded without an arm's variant), the customers of that arm get the
     * default and no arm; nothing fails.
     */
    public boolean inForce(Experiment e) {
        return screens.get().catalog().find(e.screen())
                .filter(c -> e.arms().stream().allMatch(a -> c.variant(a.variant())
                        .filter(v -> v.definition().map(Variant::experimentOnly).orElse(true)).isPresent()))
                .isPresent();
    }

    /** Reads the experiments now; keeps the last known ones when that fails. */
    void refresh() {
        followed.refresh();
    }

    private Experiment runningNamed(String screen, String name) {
        return store.running().stream().filter(e -> e.screen().equals(screen) && e.name().equals(name)).findFirst()
                .orElseThrow(() -> notRunning(screen, name));
    }

    private IllegalArgumentException notRunning(String screen, String name) {
        return new IllegalArgumentException("no experiment '" + name + "' runs on screen '" + screen + "'; running: "
                + followed.current().values().stream().map(e -> e.screen() + "/" + e.name()).toList());
    }

    /** Every arm is {@code default} or a variant of the screen for experiments only. */
    private void requireArms(String screen, List<Experiment.Arm> arms) {
        CompiledScreen<?> compiled = screens.get().catalog().find(screen).orElseThrow(() -> new IllegalArgumentException(
                "there is no screen '" + screen + "'; known screens: " + new TreeSet<>(screens.get().catalog().ids())));
        List<String> armable = compiled.variants().values().stream()
                .filter(v -> v.definition().map(Variant::experimentOnly).orElse(true))
                .map(CompiledScreen::variant).toList();
        for (Experiment.Arm arm : arms) {
            CompiledScreen<?> variant = compiled.variant(arm.variant()).orElseThrow(() -> new IllegalArgumentException(
                    "screen '" + screen + "' has no variant '" + arm.variant() + "'; an arm is one of " + armable
                            + " (the default, or a variant with `when: { experiment: true }` in the screen file)"));
            if (variant.definition().filter(v -> !v.experimentOnly()).isPresent()) {
                throw new IllegalArgumentException("variant '" + arm.variant() + "' of screen '" + screen + "' is "
                        + "chosen by apps' headers (" + variant.definition().get().describeWhen() + "), so it cannot be "
                        + "an arm; an arm is one of " + armable);
            }
        }
    }

    /** Stops polling, waiting (up to 5 s) for a read in progress, so none runs after the database is closed. */
    @Override
    public void close() {
        followed.close();
    }
}
