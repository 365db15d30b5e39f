package dev.hearth.home.migration;

import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.RolloutChange;
import dev.hearth.ports.domain.model.RolloutSettings;
import dev.hearth.ports.domain.model.Side;
import dev.hearth.ports.domain.port.out.RolloutStorePort;
import dev.hearth.home.application.DatabaseFollower;
import dev.hearth.home.runtime.ContentHash;
import com.codahale.metrics.MetricRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rollout this instance follows: read from the database every {@code pollInterval}, so a change made on any
 * instance is followed by all of them within that interval (plus one query). When the database cannot be read, the
 * last known rollout stays and the failure is counted and logged; nothing waits on the database on the request path.
 */
public final class Rollout implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Rollout.class);

    private final RolloutStorePort store;
    private final RolloutSettings initial;
    private final MetricRegistry metrics;
    private final DatabaseFollower<RolloutSettings> followed;
    /** The actor of the first write of config.yml's rollout (vocabulary: {@link RolloutChange}). */
    public static final String CONFIG = "config";
    static final String CONFIG_REASON = "migration.initialPercent in config.yml, stored by the first instance that "
            + "started on this database";
    static final String NOT_STORED = "config (not stored yet: the database has not been read)";

    /**
     * @param initial config.yml's rollout: written to the database (actor {@code config}) by the first instance that
     *                starts on one with no rollout; followed here until the database is read
     */
    public Rollout(RolloutStorePort store, RolloutSettings initial, Duration pollInterval, Clock clock,
            MetricRegistry metrics) {
        this.store = Objects.requireNonNull(store, "store");
        this.initial = Objects.requireNonNull(initial, "initial");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        // Until the database is read: config.yml's rollout as of now, saying it is not stored (never the epoch).
        RolloutSettings unread = new RolloutSettings(initial.percent(), initial.allowList(), initial.shadowRate(),
                initial.version(), clock.instant(), NOT_STORED);
        this.followed = new DatabaseFollower<>("the home rollout", "migration.pollInterval", LOG, unread,
                new DatabaseFollower.Source<>() {
                    @Override
                    public RolloutSettings read() {
                        return readOrStore();
                    }

                    @Override
                    public String describe(RolloutSettings settings) {
                        return settings.describe();
                    }

                    /** The newer version wins: a poll that read before a change made here does not undo it. */
                    @Override
                    public RolloutSettings newer(RolloutSettings known, RolloutSettings read) {
                        return read.version() >= known.version() ? read : known;
                    }
                }, pollInterval, "rollout-poller");
    }

    /**
     * A short hash of what the rollout followed now decides: the percentage, the allow-list and the shadow sampling rate,
     * as read from the database (not who changed it or when). Every instance on one database shows the same one within
     * {@code pollInterval} of a change (docs/adr/021-fleet-config.md).
     */
    public String contentVersion() {
        return contentVersion(followed.current());
    }

    static String contentVersion(RolloutSettings settings) {
        String text = "percent=" + settings.percent().stripTrailingZeros().toPlainString()
                + "\nallowList=" + String.join(",", new TreeSet<>(settings.allowList()))
                + "\nshadowRate=" + settings.shadowRate() + "\n";
        return ContentHash.version(text);
    }

    /** The rollout followed now. */
    public RolloutSettings current() {
        return followed.current();
    }

    public Side sideFor(CustomerId customer) {
        return followed.current().sideFor(customer);
    }

    /**
     * Applies {@code change} to the stored rollout for every instance, and follows the result here at once.
     *
     * @throws IllegalArgumentException when the change makes an invalid rollout; nothing is stored
     */
    public RolloutSettings change(UnaryOperator<RolloutSettings> change, String by) {
        return change(change, by, Optional.empty());
    }

    /**
     * Applies {@code change} for every instance, stored with its history entry ({@code actor}, {@code reason}), and
     * follows the result here at once; logs the change (INFO: actor, from → to, reason) and counts it
     * ({@link MigrationMetrics#rolloutChanges(String)} by the actor's kind).
     *
     * @param actor who changes it (vocabulary: {@link RolloutChange})
     * @throws IllegalArgumentException when the change makes an invalid rollout; nothing is stored
     */
    public RolloutSettings change(UnaryOperator<RolloutSettings> change, String actor, Optional<String> reason) {
        RolloutStorePort.Changed saved = store.change(change, initial, actor, reason);
        followed.follow(saved.settings());
        recorded(saved.change());
        return saved.settings();
    }

    /** The newest {@code limit} changes of the rollout, newest first (every instance's, from the database). */
    public List<RolloutChange> history(int limit) {
        return store.history(limit);
    }

    private void recorded(RolloutChange change) {
        LOG.info("Rollout changed: {}", change.describe());
        metrics.counter(MigrationMetrics.rolloutChanges(change.actorKind())).inc();
    }

    /**
     * Reads the stored rollout now; keeps the last known one when that fails. With nothing stored, config.yml's is
     * stored first (actor {@code config}), so that every instance follows one rollout with a real time and author. The
     * rollout plan's driver calls it before it judges, so it never acts on a rollout a second old.
     */
    public void refresh() {
        followed.refresh();
    }

    private RolloutSettings readOrStore() {
        Optional<RolloutSettings> stored = store.load();
        if (stored.isPresent()) {
            return stored.get();
        }
        RolloutStorePort.Initialized written = store.initialize(initial, CONFIG, Optional.of(CONFIG_REASON));
        written.written().ifPresent(this::recorded);
        return written.settings();
    }

    /** How many reads in a row have failed (0 when the last one worked). */
    public long refreshFailures() {
        return followed.refreshFailures();
    }

    /** Stops polling, waiting (up to 5 s) for a read in progress, so none runs after the database is closed. */
    @Override
    public void close() {
        followed.close();
    }
}
