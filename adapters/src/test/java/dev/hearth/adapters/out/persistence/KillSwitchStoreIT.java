package dev.hearth.adapters.out.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.adapters.out.persistence.switches.KillSwitchJdbiAdapter;
import dev.hearth.ports.domain.model.SectionSwitch;
import dev.hearth.ports.domain.port.out.KillSwitchStorePort;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The kill switches in the database (migration V8), on H2 and on a real PostgreSQL (embedded). */
class KillSwitchStoreIT {
    static final Instant AT = Instant.parse("2026-12-05T03:00:00.123456Z");

    static Stream<Jdbi> databases() {
        return MigrationStoresIT.databases();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aSwitchForEveryPlatformAndOneForIosAreStoredWithWhoWhenAndWhy(Jdbi jdbi) {
        KillSwitchStorePort store = new KillSwitchJdbiAdapter(jdbi);
        assertThat(store.load()).isEmpty();

        SectionSwitch ios = off("banners", Optional.of("iOS"), "admin (open admin port) by alice",
                Optional.of("INC-7: banners crash iOS 3.1"));
        SectionSwitch everyone = off("openBanking", Optional.empty(), "admin hearth", Optional.empty());
        KillSwitchStorePort.Switched stored = store.switchOff(ios);
        store.switchOff(everyone);

        assertThat(stored.changed()).isTrue();
        assertThat(stored.stored()).isEqualTo(ios);
        assertThat(ios.platform()).contains("ios");
        assertThat(store.load()).containsExactly(ios, everyone);
        assertThat(store.load().getFirst().appliesTo("home", "banners", Optional.of("ios"))).isTrue();
        assertThat(store.load().getFirst().appliesTo("home", "banners", Optional.of("android"))).isFalse();
        assertThat(store.load().get(1).appliesTo("home", "openBanking", Optional.empty())).isTrue();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void switchingOffWhatIsOffKeepsTheFirstSwitchAndOnDeletesOnlyItsPlatform(Jdbi jdbi) {
        KillSwitchStorePort store = new KillSwitchJdbiAdapter(jdbi);
        SectionSwitch first = off("banners", Optional.empty(), "admin by alice", Optional.of("first"));
        SectionSwitch ios = off("banners", Optional.of("ios"), "admin by carol", Optional.empty());
        store.switchOff(first);
        store.switchOff(ios);

        KillSwitchStorePort.Switched again = store.switchOff(new SectionSwitch("home", "banners", Optional.empty(),
                AT.plusSeconds(60), "admin by bob", Optional.of("second")));

        assertThat(again.changed()).isFalse();
        assertThat(again.stored()).as("who switched it off first, when and why").isEqualTo(first);

        assertThat(store.switchOn("home", "banners", Optional.empty())).contains(first);
        assertThat(store.load()).as("the switch for iOS stays").containsExactly(ios);
        assertThat(store.switchOn("home", "banners", Optional.empty())).as("not off any more").isEmpty();
        assertThat(store.switchOn("home", "banners", Optional.of("android"))).isEmpty();
        assertThat(store.switchOn("home", "banners", Optional.of("ios"))).contains(ios);
        assertThat(store.load()).isEmpty();
    }

    private static SectionSwitch off(String section, Optional<String> platform, String actor, Optional<String> reason) {
        return new SectionSwitch("home", section, platform, AT.truncatedTo(ChronoUnit.MICROS), actor, reason);
    }
}
