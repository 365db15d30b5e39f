package dev.hearth.home.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.hearth.ports.domain.model.Experiment;
import dev.hearth.ports.domain.model.ExperimentChange;
import dev.hearth.ports.domain.port.out.ExperimentStorePort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The experiments an instance follows when the database is unreachable: the last known ones stay (a screen never
 * fails or waits because of the experiment table; requests read memory only), and a start without the database
 * runs none until it answers.
 */
class ExperimentsTest {
    /** The store in memory, as another instance would change it; {@code down} makes every read fail. */
    static final class Store implements ExperimentStorePort {
        final List<Experiment> rows = new ArrayList<>();
        volatile boolean down;

        @Override
        public synchronized List<Experiment> running() {
            if (down) {
                throw new IllegalStateException("Connection refused (the database is down)");
            }
            return List.copyOf(rows);
        }

        @Override
        public Optional<Experiment> start(Experiment experiment, Optional<String> reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Experiment> change(String screen, String name, List<Experiment.Arm> arms, Instant at,
                String actor, Optional<String> reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<Experiment> stop(String screen, String name, Instant at, String actor, Optional<String> reason) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<ExperimentChange> history(int limit) {
            throw new UnsupportedOperationException();
        }
    }

    static final Instant AT = Instant.parse("2026-12-05T04:00:00Z");

    private static Experiment experiment(String screen, String name) {
        return new Experiment(screen, name, Experiment.parseArms("default:50,compact:50"), 1, AT, AT, "admin");
    }

    private static Experiments following(Store store) {
        return new Experiments(store, () -> {
            throw new AssertionError("no screens needed to follow the experiments");
        }, Duration.ofHours(1), Clock.systemUTC(), new MetricRegistry());
    }

    @Test
    void theLastKnownExperimentsStayWhileTheDatabaseCannotBeRead() {
        Store store = new Store();
        store.rows.add(experiment("home", "compact-home"));
        store.rows.add(experiment("tour", "compact-tour"));
        try (Experiments experiments = following(store)) {
            assertThat(experiments.running("home")).map(Experiment::name).contains("compact-home");
            assertThat(experiments.running("account-detail")).isEmpty();

            store.down = true;
            experiments.refresh();
            experiments.refresh();

            assertThat(experiments.refreshFailures()).isEqualTo(2);
            assertThat(experiments.running("home")).map(Experiment::name).contains("compact-home");
            assertThat(experiments.current()).hasSize(2);

            store.down = false;
            store.rows.removeFirst();
            experiments.refresh();
            assertThat(experiments.refreshFailures()).isZero();
            assertThat(experiments.running("home")).as("stopped elsewhere, followed here").isEmpty();
            assertThat(experiments.running("tour")).isPresent();
        }
    }

    @Test
    void aStartWithoutTheDatabaseRunsNoExperimentUntilItAnswers() {
        Store store = new Store();
        store.down = true;
        store.rows.add(experiment("home", "compact-home"));
        try (Experiments experiments = following(store)) {
            assertThat(experiments.running("home")).isEmpty();
            assertThat(experiments.refreshFailures()).isEqualTo(1);

            store.down = false;
            experiments.refresh();
            assertThat(experiments.running("home")).isPresent();
        }
    }
}
