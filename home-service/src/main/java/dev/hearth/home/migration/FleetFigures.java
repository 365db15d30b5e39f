package dev.hearth.home.migration;

import dev.hearth.ports.domain.model.MigrationFigures;
import dev.hearth.ports.domain.port.out.MigrationFiguresPort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fleet's migration figures, summed by the shared store from every instance's {@link MigrationTallies}: over the
 * last {@code migration.autoRollback.window} (what gates, the automatic rollback, {@code /migration} and the
 * per-section metric judge and show), or since a given time. The only reader of {@link MigrationFiguresPort} in
 * home-service; each call of {@link #lastWindow} and {@link #since} is one read of the database, {@link #recentWindow}
 * (for metrics, read at every scrape) at most one every {@link #REFRESH}.
 */
public final class FleetFigures {
    private static final Logger LOG = LoggerFactory.getLogger(FleetFigures.class);
    /** How old the figures of {@link #recentWindow} may be. */
    public static final Duration REFRESH = Duration.ofSeconds(5);

    private record Cached(Instant readAt, Optional<MigrationFigures> figures) {
    }

    private Cached cached;
    private final MigrationFiguresPort store;
    private final Clock clock;
    private final Duration window;

    public FleetFigures(MigrationFiguresPort store, Clock clock, Duration window) {
        this.store = Objects.requireNonNull(store, "store");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.window = Objects.requireNonNull(window, "window");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("migration.autoRollback.window must be positive, not " + window);
        }
    }

    /** The window figures are judged over ({@code migration.autoRollback.window}). */
    public Duration window() {
        return window;
    }

    /** The fleet's figures over {@code (now - window, now]}. */
    public MigrationFigures lastWindow() {
        Instant now = clock.instant();
        return store.between(now.minus(window), now);
    }

    /** The fleet's figures over {@code (since, now]} (e.g. since a plan's step began); empty when since is not past. */
    public MigrationFigures since(Instant since) {
        Objects.requireNonNull(since, "since");
        Instant now = clock.instant();
        return since.isBefore(now) ? store.between(since, now) : MigrationFigures.none(since, since);
    }

    /**
     * {@link #lastWindow} as read at most {@link #REFRESH} ago, for metrics: scrapes, however many and however many
     * labels, cost one database read per {@code REFRESH}. Empty when that read failed (logged, tried again after
     * {@code REFRESH}).
     */
    public synchronized Optional<MigrationFigures> recentWindow() {
        Instant now = clock.instant();
        if (cached == null || !now.isBefore(cached.readAt().plus(REFRESH)) || now.isBefore(cached.readAt())) {
            Optional<MigrationFigures> figures;
            try {
                figures = Optional.of(lastWindow());
            } catch (RuntimeException e) {
                LOG.warn("Could not read the fleet's migration figures for the metrics; trying again in {}: {}",
                        REFRESH, e.toString());
                figures = Optional.empty();
            }
            cached = new Cached(now, figures);
        }
        return cached.figures();
    }
}
