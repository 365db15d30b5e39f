package dev.hearth.dsl.spi;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** A least-recently-used map under one lock: every operation is O(1) and short. */
final class BoundedResultStore implements ResultStore {
    private final int maxEntries;
    private final LinkedHashMap<ResultKey, StoredResult> entries;

    BoundedResultStore(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("a result store holds at least 1 entry, was " + maxEntries);
        }
        this.maxEntries = maxEntries;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ResultKey, StoredResult> eldest) {
                return size() > BoundedResultStore.this.maxEntries;
            }
        };
    }

    @Override
    public void put(ResultKey key, Object value, Instant fetchedAt) {
        StoredResult fresh = new StoredResult(value, fetchedAt);
        Objects.requireNonNull(key, "key");
        synchronized (entries) {
            StoredResult old = entries.get(key);
            if (old == null || !old.fetchedAt().isAfter(fetchedAt)) {
                entries.put(key, fresh);
            }
        }
    }

    @Override
    public Optional<StoredResult> get(ResultKey key) {
        synchronized (entries) {
            return Optional.ofNullable(entries.get(key));
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    @Override
    public String toString() {
        return "ResultStore[in memory, " + size() + "/" + maxEntries + " entries]";
    }
}
