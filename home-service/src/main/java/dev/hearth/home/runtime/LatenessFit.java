package dev.hearth.home.runtime;

import dev.hearth.home.resilience.PortPolicy;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether the overload fallback starts before Hearth's own lateness times calls out. While Hearth's threads run late by
 * {@code migration.fallbackWhenLateBy}, new homes go to legacy before any port is called. A port whose timeout is no
 * longer than that has its calls time out at a lesser lateness, whatever its downstream does: its sections degrade, and
 * keep degrading, before the fallback answers a single home from legacy. README: "keep it well under the ports'
 * timeouts"; this says when it is not.
 */
public record LatenessFit(Duration fallbackWhenLateBy) implements PortWarnings {
    public LatenessFit {
        Objects.requireNonNull(fallbackWhenLateBy, "fallbackWhenLateBy");
    }

    /** One line naming every port that times out at or before {@code fallbackWhenLateBy}; none when the fallback is off. */
    @Override
    public List<String> warnings(Map<String, PortPolicy> policies) {
        if (fallbackWhenLateBy.isZero()) {
            return List.of();
        }
        List<Map.Entry<String, PortPolicy>> sooner = policies.entrySet().stream()
                .filter(port -> port.getValue().timeout().compareTo(fallbackWhenLateBy) <= 0)
                .sorted(Comparator.comparing((Map.Entry<String, PortPolicy> port) -> port.getValue().timeout())
                        .thenComparing(Map.Entry::getKey))
                .toList();
        if (sooner.isEmpty()) {
            return List.of();
        }
        List<String> named = sooner.stream()
                .map(port -> "ports." + port.getKey() + ".timeout " + millis(port.getValue().timeout()))
                .toList();
        return List.of("migration.fallbackWhenLateBy is " + millis(fallbackWhenLateBy) + ", but " + String.join(", ", named)
                + (sooner.size() == 1 ? " is" : " are") + " no longer: while Hearth runs that late, those calls time out "
                + "and their sections degrade before the overload fallback answers a single home from legacy. Lower "
                + "migration.fallbackWhenLateBy well under " + millis(sooner.getFirst().getValue().timeout())
                + ", or raise those timeouts");
    }

    private static String millis(Duration duration) {
        return duration.toMillis() + "ms";
    }
}
