package dev.hearth.home.migration.compare;

import dev.hearth.ports.domain.model.Difference;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The outcome of {@link ResponseComparator#compare}.
 *
 * @param mismatches    the differences that are not noise, in the order of the responses, at most
 *                      {@link ResponseComparator#MAX_DIFFERENCES}
 * @param volatilePaths paths where two legacy answers to the same request differed: differences at or below them
 *                      are not mismatches. Empty when no second legacy answer was given
 * @param truncated     true when the comparison stopped at a cap ({@link ResponseComparator#MAX_DIFFERENCES}
 *                      mismatches, {@link ResponseComparator#MAX_VOLATILE_PATHS} volatile paths): it is incomplete
 */
public record Comparison(List<Difference> mismatches, Set<String> volatilePaths, boolean truncated) {
    public Comparison {
        mismatches = List.copyOf(mismatches);
        volatilePaths = Collections.unmodifiableSet(new LinkedHashSet<>(volatilePaths));
    }

    /** Whether the responses agree everywhere that is compared and not volatile. */
    public boolean matches() {
        return mismatches.isEmpty() && !truncated;
    }
}
