package dev.hearth.ports.domain.model;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;

/**
 * The migration's figures for the whole fleet over a window: the sum of every instance's {@link MigrationTally tallies}
 * that ended in it. What a rollout gate judges (rates over homes routed to Hearth and over compared samples).
 *
 * @param instances how many instances added a tally in the window
 */
public record MigrationFigures(Instant since, Instant until, int instances, long hearthServed, long fallbacks,
        long compared, long mismatched, Map<String, Long> mismatchedBySection, LatencyHistogram hearthLatency) {
    public MigrationFigures {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        mismatchedBySection = Map.copyOf(mismatchedBySection);
        Objects.requireNonNull(hearthLatency, "hearthLatency");
    }

    /** Nothing counted over {@code [since, until)}. */
    public static MigrationFigures none(Instant since, Instant until) {
        return new MigrationFigures(since, until, 0, 0, 0, 0, 0, Map.of(), LatencyHistogram.empty());
    }

    /** The sum of {@code tallies} (those of the window {@code [since, until)}, as the caller chose them). */
    public static MigrationFigures sum(Instant since, Instant until, Collection<MigrationTally> tallies) {
        Set<String> instances = new HashSet<>();
        long served = 0;
        long fallbacks = 0;
        long compared = 0;
        long mismatched = 0;
        Map<String, Long> bySection = new TreeMap<>();
        LatencyHistogram latency = LatencyHistogram.empty();
        for (MigrationTally tally : tallies) {
            instances.add(tally.instance());
            served += tally.hearthServed();
            fallbacks += tally.fallbacks();
            compared += tally.compared();
            mismatched += tally.mismatched();
            tally.mismatchedBySection().forEach((section, count) -> bySection.merge(section, count, Long::sum));
            latency = latency.plus(tally.hearthLatency());
        }
        return new MigrationFigures(since, until, instances.size(), served, fallbacks, compared, mismatched, bySection,
                latency);
    }

    /** Homes routed to Hearth: answered by it, or by legacy in its place. */
    public long routedToHearth() {
        return hearthServed + fallbacks;
    }

    /** Fallbacks over homes routed to Hearth; empty when none was. */
    public OptionalDouble fallbackRate() {
        return routedToHearth() == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) fallbacks / routedToHearth());
    }

    /** Mismatched over compared samples; empty when none was compared. */
    public OptionalDouble mismatchRate() {
        return compared == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) mismatched / compared);
    }

    /** Each section's mismatched samples over all compared samples; empty when none was compared. */
    public Map<String, Double> sectionMismatchRates() {
        Map<String, Double> rates = new TreeMap<>();
        if (compared > 0) {
            mismatchedBySection.forEach((section, count) -> rates.put(section, (double) count / compared));
        }
        return rates;
    }

    /** The section with the most mismatched samples (ties: the first by id); empty when none mismatched. */
    public Optional<String> worstSection() {
        String worst = null;
        long most = 0;
        for (Map.Entry<String, Long> entry : new TreeMap<>(mismatchedBySection).entrySet()) {
            if (entry.getValue() > most) {
                worst = entry.getKey();
                most = entry.getValue();
            }
        }
        return Optional.ofNullable(worst);
    }

    /** The 99th percentile of the homes Hearth built (a bucket's upper bound); empty when it built none. */
    public Optional<Duration> hearthP99() {
        return hearthLatency.quantile(0.99);
    }
}
