package dev.hearth.home.migration;

import dev.hearth.ports.domain.model.Difference;
import dev.hearth.ports.domain.model.Side;
import dev.hearth.ports.domain.port.out.MismatchStorePort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The mismatch store as a list in memory, for unit tests of the migration's logic. */
final class InMemoryMismatches implements MismatchStorePort {
    final List<Difference> recorded = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void record(String requestId, Side servedBy, List<Difference> differences) {
        recorded.addAll(differences);
    }

    @Override
    public List<Group> groups(int maxGroups, int examples) {
        synchronized (recorded) {
            return recorded.stream().limit(maxGroups)
                    .map(d -> new Group(d.group(), 1, Instant.EPOCH, List.of())).toList();
        }
    }

    /** Keeps no times: nothing it holds is ever older than a cutoff. */
    @Override
    public int expire(Instant cutoff, int batch) {
        return 0;
    }

    @Override
    public int clear() {
        synchronized (recorded) {
            int cleared = recorded.size();
            recorded.clear();
            return cleared;
        }
    }
}
