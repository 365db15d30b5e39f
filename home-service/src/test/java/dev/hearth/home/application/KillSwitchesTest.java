package dev.hearth.home.application;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import dev.hearth.ports.domain.model.SectionSwitch;
import dev.hearth.ports.domain.port.out.KillSwitchStorePort;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The switches an instance follows when the database is unreachable: the last known ones stay (a screen never fails
 * or waits because of the switch table), and a start without the database follows none until it answers.
 */
class KillSwitchesTest {
    /** The store in memory, as another instance would change it; {@code down} makes every read fail. */
    static final class Store implements KillSwitchStorePort {
        final List<SectionSwitch> rows = new ArrayList<>();
        volatile boolean down;

        @Override
        public synchronized List<SectionSwitch> load() {
            if (down) {
                throw new IllegalStateException("Connection refused (the database is down)");
            }
            return List.copyOf(rows);
        }

        @Override
        public Switched switchOff(SectionSwitch off) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<SectionSwitch> switchOn(String screen, String section, Optional<String> platform) {
            throw new UnsupportedOperationException();
        }
    }

    private static SectionSwitch off(String section, Optional<String> platform) {
        return new SectionSwitch("home", section, platform, Instant.parse("2026-12-05T03:00:00Z"), "admin", Optional.empty());
    }

    private static KillSwitches following(Store store) {
        return new KillSwitches(store, () -> {
            throw new AssertionError("no screens needed to follow the switches");
        }, Duration.ofHours(1), Clock.systemUTC(), new MetricRegistry());
    }

    @Test
    void theLastKnownSwitchesStayWhileTheDatabaseCannotBeRead() {
        Store store = new Store();
        store.rows.add(off("banners", Optional.of("ios")));
        store.rows.add(off("openBanking", Optional.empty()));
        try (KillSwitches switches = following(store)) {
            assertThat(switches.off("home", Optional.of("ios"))).containsExactly("banners", "openBanking");
            assertThat(switches.off("home", Optional.of("android"))).containsExactly("openBanking");
            assertThat(switches.off("home", Optional.empty())).containsExactly("openBanking");
            assertThat(switches.off("account-detail", Optional.of("ios"))).isEmpty();

            store.down = true;
            switches.refresh();
            switches.refresh();

            assertThat(switches.refreshFailures()).isEqualTo(2);
            assertThat(switches.off("home", Optional.of("ios"))).containsExactly("banners", "openBanking");

            store.down = false;
            store.rows.removeFirst();
            switches.refresh();
            assertThat(switches.refreshFailures()).isZero();
            assertThat(switches.off("home", Optional.of("ios"))).containsExactly("openBanking");
        }
    }

    @Test
    void aStartWithoutTheDatabaseFollowsNoSwitchUntilItAnswers() {
        Store store = new Store();
        store.down = true;
        store.rows.add(off("banners", Optional.empty()));
        try (KillSwitches switches = following(store)) {
            assertThat(switches.off("home", Optional.empty())).isEqualTo(Set.of());
            assertThat(switches.refreshFailures()).isEqualTo(1);

            store.down = false;
            switches.refresh();
            assertThat(switches.off("home", Optional.empty())).containsExactly("banners");
        }
    }
}
