package dev.hearth.home.observability;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import dev.hearth.home.migration.FleetFigures;
import dev.hearth.home.migration.MigrationMetrics;
import dev.hearth.ports.domain.model.MigrationFigures;
import dev.hearth.ports.domain.model.RolloutChange;
import dev.hearth.ports.domain.model.Side;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The migration's counts as labelled Prometheus families. The migration's use cases count into the Dropwizard registry
 * ({@link MigrationMetrics}: they import no exporter); each family here reads those counters by their exact names, one
 * per label value from a closed list, at each scrape. No pattern matching: a count not listed here is not exported.
 */
public final class MigrationExport {
    /** The reasons {@code HomeMigration} falls back to legacy for. */
    static final List<String> FALLBACK_REASONS = List.of("overloaded", "late", "unexpected-error",
            "required-section-failed");
    /** The values of {@code hearth_shadow_comparisons_total}'s {@code result} and the counters they read. */
    static final Map<String, String> SHADOW_RESULTS = Map.of("compared", MigrationMetrics.SHADOW_COMPARED,
            "mismatched", MigrationMetrics.SHADOW_MISMATCHED, "failed", MigrationMetrics.SHADOW_FAILED);
    /** Why a shadow sample is dropped over budget. */
    static final List<String> SHADOW_DROPPED = List.of("in-flight", "rate", "closing");

    private MigrationExport() {
    }

    public static void register(HearthMetrics prometheus, MetricRegistry metrics) {
        prometheus
                .counter("hearth_home_served_total", "home requests by who served them: hearth, legacy, "
                        + "legacy-fallback (Hearth could not build it)", "served_by",
                        Arrays.stream(Side.values()).map(Side::label).toList(),
                        label -> metrics.counter(MigrationMetrics.served(Arrays.stream(Side.values())
                                .filter(side -> side.label().equals(label)).findFirst().orElseThrow())).getCount())
                .counter("hearth_legacy_fallbacks_total", "home requests Hearth could not build, answered by legacy, "
                        + "by reason", "reason", FALLBACK_REASONS,
                        reason -> metrics.counter(MigrationMetrics.fallback(reason)).getCount())
                .counter("hearth_shadow_comparisons_total", "shadow samples compared with legacy's answer: compared "
                        + "(every comparison, mismatches included), mismatched, failed (no comparison made)", "result",
                        List.of("compared", "mismatched", "failed"),
                        result -> metrics.counter(SHADOW_RESULTS.get(result)).getCount())
                .counter("hearth_shadow_dropped_total", "shadow samples dropped over budget", "why", SHADOW_DROPPED,
                        why -> metrics.counter(MigrationMetrics.shadowDropped(why)).getCount())
                .counter("hearth_migration_overloaded_legacy_full_total", "homes Hearth built while overloaded "
                        + "because legacy had no free connection to take them",
                        () -> metrics.counter(MigrationMetrics.OVERLOADED_LEGACY_FULL).getCount())
                .counter("hearth_migration_legacy_failures_total", "legacy home calls that failed (routed, fallback "
                        + "or shadow)", () -> metrics.counter(MigrationMetrics.LEGACY_FAILURES).getCount())
                .counter("hearth_shadow_mismatches_total", "fields that differed in mismatched comparisons",
                        () -> metrics.counter(MigrationMetrics.SHADOW_MISMATCHES).getCount())
                .counter("hearth_shadow_volatile_total", "fields that differed between two legacy answers for one "
                        + "request: noise, not mismatches", () -> metrics.counter(MigrationMetrics.SHADOW_VOLATILE)
                                .getCount())
                .counter("hearth_rollout_changes_total", "rollout changes this instance made (each is in GET "
                        + "/migration/history), by who made them: admin (a task), config (config.yml's first write), "
                        + "plan, auto, other", "actor_kind", RolloutChange.ACTOR_KINDS,
                        kind -> metrics.counter(MigrationMetrics.rolloutChanges(kind)).getCount())
                .gauge("hearth_migration_rollout_percent", "the rollout percentage this instance follows",
                        () -> number(metrics, MigrationMetrics.ROLLOUT_PERCENT))
                .gauge("hearth_migration_rollout_refresh_failures",
                        "reads of the rollout that failed in a row (0 = following the database)",
                        () -> number(metrics, MigrationMetrics.ROLLOUT_REFRESH_FAILURES));
    }

    /** The label value of sections that are not in a loaded screen. */
    static final String OTHER_SECTION = "other";

    /**
     * The fleet's figures over the last {@code migration.autoRollback.window} ({@link FleetFigures#recentWindow}: one
     * database read per {@link FleetFigures#REFRESH} whatever the scrapes and labels): the fallback and mismatch rates,
     * Hearth's p99, and the mismatch rate per section, labelled by the section ids of the loaded screens
     * ({@code sectionIds}, read at each scrape) and {@code other} for any other id, so the label set stays bounded.
     * NaN when nothing was counted (no rate) or the read failed.
     */
    public static void registerWindow(HearthMetrics prometheus, FleetFigures fleet, Supplier<Set<String>> sectionIds) {
        java.util.concurrent.atomic.AtomicReference<Map<String, Double>> scraped =
                new java.util.concurrent.atomic.AtomicReference<>(Map.of());
        Function<Function<MigrationFigures, OptionalDouble>, Double> read = figure -> fleet.recentWindow()
                .map(figure).filter(OptionalDouble::isPresent).map(OptionalDouble::getAsDouble).orElse(Double.NaN);
        prometheus
                .gauge("hearth_migration_window_fallback_rate", "the fleet's legacy fallbacks over homes routed to "
                        + "Hearth, over the last migration.autoRollback.window (NaN: none routed)",
                        () -> read.apply(MigrationFigures::fallbackRate))
                .gauge("hearth_migration_window_mismatch_rate", "the fleet's mismatched over compared shadow samples, "
                        + "over the last migration.autoRollback.window (NaN: none compared)",
                        () -> read.apply(MigrationFigures::mismatchRate))
                .gauge("hearth_migration_window_hearth_p99_seconds", "the 99th percentile of the time Hearth took to "
                        + "build the homes it served, fleet-wide, over the last migration.autoRollback.window (the "
                        + "upper bound of its bucket; NaN: none served)",
                        () -> read.apply(figures -> figures.hearthP99()
                                .map(p99 -> OptionalDouble.of(p99.toMillis() / 1000.0)).orElse(OptionalDouble.empty())))
                .gauge("hearth_migration_section_mismatch_rate", "the fleet's compared shadow samples with a mismatch "
                        + "in the section over all compared samples, over the last migration.autoRollback.window; "
                        + "sections of no loaded screen are summed under other", "section",
                        () -> {
                            // read once per scrape: the labels first, then each label's rate from this map
                            Set<String> ids = sectionIds.get();
                            scraped.set(sectionRates(fleet.recentWindow(), ids));
                            return labels(ids);
                        },
                        section -> scraped.get().getOrDefault(section, Double.NaN));
    }

    private static Set<String> labels(Set<String> sectionIds) {
        Set<String> labels = new TreeSet<>(sectionIds);
        labels.add(OTHER_SECTION);
        return labels;
    }

    /** Each label's rate: known sections by id, every other id summed into {@code other}; 0 for a section without. */
    static Map<String, Double> sectionRates(Optional<MigrationFigures> window, Set<String> sectionIds) {
        Map<String, Double> rates = new java.util.HashMap<>();
        if (window.isEmpty() || window.get().compared() == 0) {
            return rates;
        }
        MigrationFigures figures = window.get();
        for (String label : labels(sectionIds)) {
            rates.put(label, 0.0);
        }
        figures.mismatchedBySection().forEach((section, count) -> rates.merge(
                sectionIds.contains(section) ? section : OTHER_SECTION, (double) count / figures.compared(),
                Double::sum));
        return rates;
    }

    /** The Dropwizard gauge {@code name}'s number; NaN when it is not registered (yet). */
    private static double number(MetricRegistry metrics, String name) {
        Gauge<?> gauge = metrics.getGauges().get(name);
        return gauge != null && gauge.getValue() instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
