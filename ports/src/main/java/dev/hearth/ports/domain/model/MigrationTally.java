package dev.hearth.ports.domain.model;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What one instance counted of the migration over one interval {@code [from, to)}, as it adds it to the store shared by
 * the fleet ({@link dev.hearth.ports.domain.port.out.MigrationFiguresPort}): the figures a rollout gate judges.
 *
 * @param instance            the instance that counted it (its name in the fleet: host name and a start id)
 * @param hearthServed        homes routed to Hearth and answered by Hearth
 * @param fallbacks           homes routed to Hearth that it could not build, answered by legacy (not those shed to
 *                            legacy while Hearth is overloaded: capacity, not a failure of the migration)
 * @param compared            shadow samples compared (a side that could not be computed is no comparison)
 * @param mismatched          compared samples with at least one mismatch (volatile fields are noise, not mismatches)
 * @param mismatchedBySection compared samples with at least one mismatch in a section, by section id ({@code
 *                            sections[accounts]...} counts for {@code accounts}); a sample counts once per section
 * @param hearthLatency       how long the homes answered by Hearth took to build
 */
public record MigrationTally(String instance, Instant from, Instant to, long hearthServed, long fallbacks,
        long compared, long mismatched, Map<String, Long> mismatchedBySection, LatencyHistogram hearthLatency) {
    public MigrationTally {
        Objects.requireNonNull(instance, "instance");
        if (instance.isBlank()) {
            throw new IllegalArgumentException("a tally names its instance (host name and start id), not a blank");
        }
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        mismatchedBySection = Map.copyOf(mismatchedBySection);
        Objects.requireNonNull(hearthLatency, "hearthLatency");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("a tally ends after it starts: " + from + " to " + to);
        }
        if (hearthServed < 0 || fallbacks < 0 || compared < 0 || mismatched < 0 || mismatched > compared) {
            throw new IllegalArgumentException("counts are not negative and mismatched <= compared: " + hearthServed
                    + ", " + fallbacks + ", " + compared + ", " + mismatched);
        }
        for (Map.Entry<String, Long> section : mismatchedBySection.entrySet()) {
            if (section.getValue() < 0 || section.getValue() > mismatched) {
                throw new IllegalArgumentException("a section counts each mismatched sample once at most, so 0 to "
                        + mismatched + ", not " + section.getValue() + " for section " + section.getKey());
            }
        }
    }

    /** Whether nothing was counted (such a tally need not be stored). */
    public boolean isEmpty() {
        return hearthServed == 0 && fallbacks == 0 && compared == 0;
    }
}
