package dev.hearth.home.migration;

import dev.hearth.home.migration.compare.SensitiveValues;
import dev.hearth.ports.domain.model.Difference;
import dev.hearth.ports.domain.model.Side;
import dev.hearth.ports.domain.port.out.MismatchStorePort;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The mismatch store as shadow comparison writes to it: every difference goes through {@link SensitiveValues} first,
 * so no value at a sensitive path reaches the database. Reads show what is stored. Thread-safe.
 */
public final class ProtectedMismatches implements MismatchStorePort {
    private final MismatchStorePort store;
    private final SensitiveValues sensitive;

    public ProtectedMismatches(MismatchStorePort store, SensitiveValues sensitive) {
        this.store = Objects.requireNonNull(store, "store");
        this.sensitive = Objects.requireNonNull(sensitive, "sensitive");
    }

    @Override
    public void record(String requestId, Side servedBy, List<Difference> differences) {
        store.record(requestId, servedBy, sensitive.protect(differences));
    }

    @Override
    public List<Group> groups(int maxGroups, int examples) {
        return store.groups(maxGroups, examples);
    }

    @Override
    public int expire(Instant cutoff, int batch) {
        return store.expire(cutoff, batch);
    }

    @Override
    public int clear() {
        return store.clear();
    }
}
