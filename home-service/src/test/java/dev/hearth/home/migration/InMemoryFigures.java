package dev.hearth.home.migration;

import dev.hearth.ports.domain.model.MigrationFigures;
import dev.hearth.ports.domain.model.MigrationTally;
import dev.hearth.ports.domain.port.out.MigrationFiguresPort;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fleet's figures in memory for unit tests (the JDBI adapter runs in MigrationFiguresIT and the ITs here):
 * {@link #failing} makes the next adds fail, as a database away would.
 */
final class InMemoryFigures implements MigrationFiguresPort {
    final List<MigrationTally> tallies = new ArrayList<>();
    final AtomicInteger failing = new AtomicInteger();

    @Override
    public synchronized void add(MigrationTally tally) {
        if (failing.get() > 0) {
            failing.decrementAndGet();
            throw new IllegalStateException("the database is away");
        }
        tallies.add(tally);
    }

    @Override
    public synchronized MigrationFigures between(Instant since, Instant until) {
        return MigrationFigures.sum(since, until, tallies.stream()
                .filter(t -> t.to().isAfter(since) && !t.to().isAfter(until)).toList());
    }

    @Override
    public synchronized int expire(Instant cutoff, int batch) {
        List<MigrationTally> old = tallies.stream().filter(t -> t.to().isBefore(cutoff))
                .sorted(Comparator.comparing(MigrationTally::to)).limit(batch).toList();
        tallies.removeAll(old);
        return old.size();
    }

    synchronized List<MigrationTally> all() {
        return List.copyOf(tallies);
    }
}
