package dev.hearth.ports.domain.port.out;

import dev.hearth.ports.domain.model.Difference;
import dev.hearth.ports.domain.model.Side;
import java.time.Instant;
import java.util.List;

/**
 * The mismatches shadow comparison found, shared by every instance: every differing field of every compared request,
 * so counts per path are exact. Bounded: an implementation keeps the most recent ones only.
 */
public interface MismatchStorePort {
    /** One path's mismatches: how many, when last, and the newest examples. */
    record Group(String path, long count, Instant lastSeen, List<Example> examples) {
    }

    /** One mismatch as found: the concrete path and both values (compact JSON, or {@code (absent)}). */
    record Example(String path, String hearth, String legacy, String requestId, String servedBy, Instant foundAt) {
    }

    /** Stores the differences of one compared request. */
    void record(String requestId, Side servedBy, List<Difference> differences);

    /** The paths with most mismatches first, each with its newest {@code examples}. */
    List<Group> groups(int maxGroups, int examples);

    /**
     * Deletes mismatches found before {@code cutoff}, at most {@code batch} of them (the oldest first), and returns how
     * many it deleted: a caller repeats while a full batch went. Safe to run on several instances at once.
     */
    int expire(Instant cutoff, int batch);

    /** Forgets every stored mismatch (after a fix ships, to see whether it is gone); returns how many. */
    int clear();
}
