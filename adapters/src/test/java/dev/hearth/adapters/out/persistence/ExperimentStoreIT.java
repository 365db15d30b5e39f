package dev.hearth.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.adapters.out.persistence.experiments.ExperimentJdbiAdapter;
import dev.hearth.ports.domain.model.Experiment;
import dev.hearth.ports.domain.model.ExperimentChange;
import dev.hearth.ports.domain.port.out.ExperimentStorePort;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The experiments and their history in the database (migration V9), on H2 and on a real PostgreSQL (embedded). */
class ExperimentStoreIT {
    static final Instant AT = Instant.parse("2026-12-05T04:00:00.123456Z").truncatedTo(ChronoUnit.MICROS);

    static Stream<Jdbi> databases() {
        return MigrationStoresIT.databases();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void startedChangedAndStoppedWithTheHistoryOfEach(Jdbi jdbi) {
        ExperimentStorePort store = new ExperimentJdbiAdapter(jdbi);
        assertThat(store.running()).isEmpty();
        Experiment started = new Experiment("home", "new-banners", Experiment.parseArms("default:50,new-banners:50"), 1,
                AT, AT, "admin (open admin port) by alice");

        assertThat(store.start(started, Optional.of("PROD-12 banners test"))).isEmpty();
        assertThat(store.running()).containsExactly(started);

        Optional<Experiment> before = store.change("home", "new-banners",
                Experiment.parseArms("default:80,new-banners:20"), AT.plusSeconds(60), "admin by bob", Optional.empty());
        assertThat(before).contains(started);
        Experiment changed = store.running().getFirst();
        assertThat(changed.arms()).containsExactly(new Experiment.Arm("default", 80), new Experiment.Arm("new-banners", 20));
        assertThat(changed.version()).isEqualTo(2);
        assertThat(changed.startedAt()).isEqualTo(AT);
        assertThat(changed.changedAt()).isEqualTo(AT.plusSeconds(60));
        assertThat(changed.actor()).isEqualTo("admin by bob");

        assertThat(store.stop("home", "other-name", AT.plusSeconds(90), "admin", Optional.empty()))
                .as("another experiment's name stops nothing").isEmpty();
        assertThat(store.stop("home", "new-banners", AT.plusSeconds(120), "admin by carol", Optional.of("INC-9")))
                .contains(changed);
        assertThat(store.running()).isEmpty();
        assertThat(store.change("home", "new-banners", Experiment.parseArms("default:50,new-banners:50"), AT, "admin",
                Optional.empty())).as("stopped: nothing to change").isEmpty();

        List<ExperimentChange> history = store.history(10);
        assertThat(history).extracting(ExperimentChange::action).containsExactly(ExperimentChange.Action.STOP,
                ExperimentChange.Action.CHANGE, ExperimentChange.Action.START);
        assertThat(history.get(0)).isEqualTo(new ExperimentChange("home", "new-banners", ExperimentChange.Action.STOP,
                AT.plusSeconds(120), "admin by carol", Optional.of("INC-9"), Optional.of("default:80,new-banners:20"),
                Optional.empty()));
        assertThat(history.get(1).fromArms()).contains("default:50,new-banners:50");
        assertThat(history.get(1).toArms()).contains("default:80,new-banners:20");
        assertThat(history.get(2)).isEqualTo(new ExperimentChange("home", "new-banners", ExperimentChange.Action.START,
                AT, "admin (open admin port) by alice", Optional.of("PROD-12 banners test"), Optional.empty(),
                Optional.of("default:50,new-banners:50")));
        assertThat(store.history(1)).hasSize(1);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aSecondStartOnTheSameScreenIsRefusedWithTheOneRunningAndOtherScreensAreIndependent(Jdbi jdbi) {
        ExperimentStorePort store = new ExperimentJdbiAdapter(jdbi);
        Experiment first = new Experiment("home", "first", Experiment.parseArms("default:50,b:50"), 1, AT, AT, "admin");
        Experiment second = new Experiment("home", "second", Experiment.parseArms("default:10,c:90"), 1, AT, AT, "admin");
        Experiment tour = new Experiment("tour", "second", Experiment.parseArms("a:30,b:30,default:40"), 1, AT, AT,
                "admin");

        assertThat(store.start(first, Optional.empty())).isEmpty();
        assertThat(store.start(second, Optional.empty())).contains(first);
        assertThat(store.start(tour, Optional.empty())).isEmpty();

        assertThat(store.running()).containsExactly(first, tour);
        assertThat(store.history(10)).hasSize(2);
    }
}
