package dev.hearth.home.runtime;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.hearth.dsl.spi.ResultKey;
import dev.hearth.dsl.spi.ResultStore;
import dev.hearth.dsl.spi.StoredResult;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The engine's in-memory {@link ResultStore} on a Caffeine cache: at most {@code maxEntries} values, per instance
 * (lost on restart, not shared between instances). Caffeine evicts by recency and frequency (W-TinyLFU), not strictly
 * the least recently used entry, and does its eviction on the writing thread here, so the bound holds once a put
 * returns. A value fetched earlier never replaces one fetched later (an atomic merge). Thread-safe and non-blocking.
 */
public final class CaffeineResultStore implements ResultStore {
    private final int maxEntries;
    private final Cache<ResultKey, StoredResult> entries;

    public CaffeineResultStore(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("a result store holds at least 1 entry, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.entries = Caffeine.newBuilder().maximumSize(maxEntries).executor(Runnable::run).build();
    }

    @Override
    public void put(ResultKey key, Object value, Instant fetchedAt) {
        StoredResult fresh = new StoredResult(value, fetchedAt);
        Objects.requireNonNull(key, "key");
        entries.asMap().merge(key, fresh, (old, next) -> old.fetchedAt().isAfter(next.fetchedAt()) ? old : next);
    }

    @Override
    public Optional<StoredResult> get(ResultKey key) {
        return Optional.ofNullable(entries.getIfPresent(key));
    }

    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    @Override
    public String toString() {
        return "ResultStore[in memory, " + size() + "/" + maxEntries + " entries]";
    }
}
