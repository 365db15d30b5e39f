package dev.hearth.home.migration;

import dev.hearth.ports.domain.model.Side;

/** The names of the migration's metrics (README, "Migrating from the legacy home"). */
public final class MigrationMetrics {
    /** Counter per side: home requests served by {@code hearth}, {@code legacy}, {@code legacy-fallback}. */
    public static String served(Side side) {
        return "hearth.migration.served." + side.label();
    }

    /** Counter per reason: home requests Hearth could not build, answered by legacy. */
    public static String fallback(String reason) {
        return "hearth.migration.fallbacks." + reason;
    }

    /** Counter: homes Hearth built while overloaded because legacy had no free connection to take them. */
    public static final String OVERLOADED_LEGACY_FULL = "hearth.migration.overloaded.legacy-full";
    /** Counter: legacy home calls that failed (routed, fallback or shadow). */
    public static final String LEGACY_FAILURES = "hearth.migration.legacy-failures";
    /** Gauge: the rollout percentage this instance follows. */
    public static final String ROLLOUT_PERCENT = "hearth.migration.rollout-percent";
    /** Gauge: reads of the rollout that failed in a row (0 = following the database). */
    public static final String ROLLOUT_REFRESH_FAILURES = "hearth.migration.rollout-refresh-failures";

    /** Gauge: flushes of this instance's migration tallies to the database that failed since the start (kept, retried). */
    public static final String TALLY_FLUSH_FAILURES = "hearth.migration.tally-flush-failures";
    /** Gauge: this instance's migration tallies waiting to be added to the database (0 = all written). */
    public static final String TALLIES_PENDING = "hearth.migration.tallies-pending";

    /**
     * Counter per actor kind ({@link dev.hearth.ports.domain.model.RolloutChange#ACTOR_KINDS}): rollout changes this
     * instance made, the first write of config.yml's rollout included.
     */
    public static String rolloutChanges(String actorKind) {
        return "hearth.migration.rollout-changes." + actorKind;
    }

    public static final String SHADOW_SAMPLED = "hearth.shadow.sampled";
    public static final String SHADOW_COMPARED = "hearth.shadow.compared";
    public static final String SHADOW_MISMATCHED = "hearth.shadow.mismatched";
    public static final String SHADOW_MISMATCHES = "hearth.shadow.mismatches";
    public static final String SHADOW_VOLATILE = "hearth.shadow.volatile";
    public static final String SHADOW_FAILED = "hearth.shadow.failed";
    public static final String SHADOW_STORE_FAILURES = "hearth.shadow.store-failures";
    public static final String SHADOW_IN_FLIGHT = "hearth.shadow.in-flight";

    /** Counter per reason ({@code in-flight}, {@code rate}, {@code closing}): samples dropped over budget. */
    public static String shadowDropped(String why) {
        return "hearth.shadow.dropped." + why;
    }

    private MigrationMetrics() {
    }
}
