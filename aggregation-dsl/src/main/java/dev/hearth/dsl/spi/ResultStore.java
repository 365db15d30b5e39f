package dev.hearth.dsl.spi;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The last good value of each call of a section or field that declares {@code freshness} or
 * {@code fallback: { stale: ... }}; nothing else is stored. The engine decides what is fresh or stale enough from
 * {@link StoredResult#fetchedAt()}; a store only keeps values and must bound its memory. Implementations must be
 * thread-safe and fast (they are called on call threads), and must not throw.
 */
public interface ResultStore {
    /** Keeps {@code value} for {@code key}, unless the store already holds a value fetched later. */
    void put(ResultKey key, Object value, Instant fetchedAt);

    /**
     * As {@link #put(ResultKey, Object, Instant)}, saying how long the value can be of use: the longest of the
     * section's or field's {@code freshness} and {@code stale} windows. A store whose entries expire (a shared one, on
     * Redis) keeps it that long and may drop it after; the default ignores {@code keepFor}.
     */
    default void put(ResultKey key, Object value, Instant fetchedAt, Duration keepFor) {
        put(key, value, fetchedAt);
    }

    Optional<StoredResult> get(ResultKey key);

    /**
     * An in-memory store holding at most {@code maxEntries}, evicting the least recently used; O(1) per operation.
     * Per instance: stale values do not survive a restart and are not shared between instances.
     */
    static ResultStore inMemory(int maxEntries) {
        return new BoundedResultStore(maxEntries);
    }
}
