package dev.hearth.home.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.MetricRegistry;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.home.application.ScreenService;
import dev.hearth.home.application.port.in.AppClient;
import dev.hearth.home.application.port.in.HomeAnswer;
import dev.hearth.home.application.port.in.LateRequestException;
import dev.hearth.home.application.port.in.LegacyUnavailableException;
import dev.hearth.home.application.port.in.ScreenQuery;
import dev.hearth.home.application.port.in.ShowScreenUseCase;
import dev.hearth.home.application.port.in.UnknownCustomerException;
import dev.hearth.home.migration.compare.ComparisonRules;
import dev.hearth.home.migration.compare.ResponseComparator;
import dev.hearth.home.observability.CapturedLogs;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.LegacyHome;
import dev.hearth.ports.domain.model.Side;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.LoadLegacyHomePort;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HomeMigrationTest {
    static final LegacyHome LEGACY_HOME = new LegacyHome("{\"screen\":\"home\",\"from\":\"legacy\"}");

    final MetricRegistry metrics = new MetricRegistry();
    /** Sampling off: these tests are about serving. Its mismatch store stays empty. */
    final ShadowComparison shadow = new ShadowComparison(() -> 0.0, new ShadowBudget(1, 1, Clock.systemUTC()),
            new ResponseComparator(ComparisonRules.homeDefaults()),
            new InMemoryMismatches(), metrics, MigrationTalliesTest.tallies(new InMemoryFigures()));

    @AfterEach
    void close() {
        shadow.close();
    }

    /** How late Hearth runs, as the tests set it; the overload fallback starts at 100 ms. */
    final AtomicReference<Duration> late = new AtomicReference<>(Duration.ZERO);
    /** Requests that reached Hearth's engine (each fails at once: these tests are about who answers). */
    final AtomicInteger built = new AtomicInteger();
    final ScreenService countingScreens = new ScreenService(() -> {
        built.incrementAndGet();
        throw new IllegalStateException("no screens in this test");
    });

    HomeMigration servedByHearth(ScreenService screens) {
        return migration(Side.HEARTH, screens, context -> LEGACY_HOME, shadow, Duration.ofMillis(100));
    }

    /** Whether legacy has a free connection, as the tests set it. */
    final AtomicBoolean legacyRoom = new AtomicBoolean(true);

    /** The fleet's figures this instance adds (flushed when a test says so). */
    final InMemoryFigures figures = new InMemoryFigures();
    final MigrationTallies tallies = MigrationTalliesTest.tallies(figures);

    /** The log budget's clock: a second passes only when a test says so. */
    final AtomicLong nanos = new AtomicLong();

    HomeMigration migration(Side side, ShowScreenUseCase screens, LoadLegacyHomePort legacy, ShadowComparison shadow,
            Duration fallbackWhenLateBy) {
        ObjectMapper mapper = new ObjectMapper();
        return new HomeMigration(customer -> side, screens, legacy, Duration.ofSeconds(5), shadow,
                result -> mapper.createObjectNode(), mapper, metrics, late::get, fallbackWhenLateBy, legacyRoom::get,
                tallies, new LogBudget(nanos::get, Duration.ofSeconds(1)));
    }

    long count(String counter) {
        return metrics.counter(counter).getCount();
    }

    @Test
    void anUnknownCustomerIsNotAnsweredByLegacyNorCountedAsAFallback() {
        AtomicInteger legacyCalls = new AtomicInteger();
        HomeMigration migration = migration(Side.HEARTH, query -> {
            throw new UnknownCustomerException();
        }, context -> {
            legacyCalls.incrementAndGet();
            return LEGACY_HOME;
        }, shadow, Duration.ofMillis(100));

        assertThatThrownBy(() -> migration.serve(home("req-1"))).isInstanceOf(UnknownCustomerException.class);
        assertThat(legacyCalls).hasValue(0);
        assertThat(metrics.getCounters()).allSatisfy((name, counter) ->
                assertThat(counter.getCount()).as(name).isZero());
    }

    @Test
    void legacysNotFoundForACustomerItServesIsTheUnknownCustomerNotALegacyFailure() {
        HomeMigration migration = migration(Side.LEGACY, countingScreens, context -> {
            throw new DownstreamException("legacy", DownstreamException.Kind.NOT_FOUND, "GET ... answered 404");
        }, shadow, Duration.ofMillis(100));

        assertThatThrownBy(() -> migration.serve(home("req-1"))).isInstanceOf(UnknownCustomerException.class);
        assertThat(count(MigrationMetrics.LEGACY_FAILURES)).isZero();
        assertThat(built).hasValue(0);
    }

    @Test
    void whileHearthRunsLateNewHomesAreAnsweredByLegacyBeforeAnyPortIsCalledAndTheStartAndEndAreLoggedOnce() {
        HomeMigration migration = servedByHearth(countingScreens);

        try (CapturedLogs logs = CapturedLogs.start(Map.of())) {
            late.set(Duration.ofMillis(100));
            for (int i = 0; i < 3; i++) {
                HomeAnswer answer = migration.serve(home("req-" + i));
                assertThat(answer.side()).isEqualTo(Side.LEGACY_FALLBACK);
                assertThat(answer.legacy()).contains(LEGACY_HOME);
            }
            assertThat(built).hasValue(0);
            assertThat(count(MigrationMetrics.fallback("overloaded"))).isEqualTo(3);
            assertThat(count(MigrationMetrics.served(Side.LEGACY_FALLBACK))).isEqualTo(3);
            tallies.flush();
            assertThat(figures.all()).as("homes shed for capacity are no fallback a gate judges (ADR 026): "
                    + "nothing counted, nothing added").isEmpty();

            late.set(Duration.ofMillis(99));
            migration.serve(home("req-3"));
            migration.serve(home("req-4"));
            assertThat(built).as("caught up: Hearth builds homes again").hasValue(2);
            assertThat(count(MigrationMetrics.fallback("overloaded"))).isEqualTo(3);

            assertThat(logs.lines()).filteredOn(line -> line.logger().equals(HomeMigration.class.getName()))
                    .filteredOn(line -> !line.text().contains("unexpected-error"))
                    .extracting(line -> line.level() + " " + line.text())
                    .containsExactly("WARN Hearth is overloaded: its threads have waited 100 ms or more for a CPU for "
                                    + "half a second (migration.fallbackWhenLateBy is 100 ms). New homes are answered by "
                                    + "legacy until it catches up, while legacy has a free connection; counted in "
                                    + "hearth.migration.fallbacks.overloaded (built by Hearth for want of one: "
                                    + "hearth.migration.overloaded.legacy-full)",
                            "INFO Hearth caught up (its threads wait under 100 ms for a CPU): it builds new homes again");
        }
    }

    @Test
    void aFloodOfFallbacksIsCountedInFullButLoggedOnceASecondPerReasonSayingHowManyWereLeftOut() {
        HomeMigration migration = servedByHearth(countingScreens);

        try (CapturedLogs logs = CapturedLogs.start(Map.of())) {
            for (int i = 0; i < 5; i++) {
                migration.serve(home("req-" + i));
            }
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            migration.serve(home("req-5"));

            assertThat(logs.lines()).filteredOn(line -> line.logger().equals(HomeMigration.class.getName()))
                    .extracting(line -> line.text().lines().findFirst().orElseThrow())
                    .containsExactly("Home of request req-0 answered by legacy (unexpected-error): Hearth failed: "
                                    + "java.lang.IllegalStateException: no screens in this test",
                            "Home of request req-5 answered by legacy (unexpected-error): Hearth failed: "
                                    + "java.lang.IllegalStateException: no screens in this test [4 more like it since "
                                    + "the last such line, not logged]");
        }
        assertThat(count(MigrationMetrics.fallback("unexpected-error"))).isEqualTo(6);
        assertThat(count(MigrationMetrics.served(Side.LEGACY_FALLBACK))).isEqualTo(6);
    }

    @Test
    void anOverloadIsShedOnlyWhileLegacyHasAFreeConnectionTheRestHearthBuildsLate() {
        HomeMigration migration = servedByHearth(countingScreens);
        late.set(Duration.ofMillis(500));

        legacyRoom.set(false);
        migration.serve(home("req-1"));
        legacyRoom.set(true);
        migration.serve(home("req-2"));

        assertThat(built).as("only the home legacy had no room for reached Hearth's engine").hasValue(1);
        assertThat(count(MigrationMetrics.OVERLOADED_LEGACY_FULL)).isEqualTo(1);
        assertThat(count(MigrationMetrics.fallback("overloaded"))).isEqualTo(1);
    }

    @Test
    void zeroTurnsTheOverloadFallbackOff() {
        HomeMigration migration = migration(Side.HEARTH, countingScreens, context -> LEGACY_HOME, shadow, Duration.ZERO);
        late.set(Duration.ofSeconds(10));

        migration.serve(home("req-1"));

        assertThat(built).hasValue(1);
        assertThat(count(MigrationMetrics.fallback("overloaded"))).isZero();
    }

    @Test
    void anOverloadWhoseLegacyFallbackFailsIsTheLegacyFailureTheAppGetsAs503() {
        HomeMigration migration = migration(Side.HEARTH, countingScreens, context -> {
            throw new IllegalStateException("legacy is down");
        }, shadow, Duration.ofMillis(100));
        late.set(Duration.ofMillis(250));

        assertThatThrownBy(() -> migration.serve(home("req-1")))
                .isInstanceOf(LegacyUnavailableException.class)
                .hasMessage("the legacy home failed: legacy is down");
        assertThat(built).hasValue(0);
        assertThat(count(MigrationMetrics.LEGACY_FAILURES)).isEqualTo(1);
    }

    @Test
    void whileHearthRunsLateNoShadowWorkStartsForCustomersOnLegacy() {
        try (ShadowComparison sampleAll = new ShadowComparison(() -> 1.0, new ShadowBudget(1, 1, Clock.systemUTC()),
                new ResponseComparator(ComparisonRules.homeDefaults()),
                new InMemoryMismatches(), metrics, MigrationTalliesTest.tallies(new InMemoryFigures()))) {
            HomeMigration migration = migration(Side.LEGACY, countingScreens, context -> LEGACY_HOME, sampleAll,
                    Duration.ofMillis(100));
            late.set(Duration.ofMillis(100));

            assertThat(migration.serve(home("req-1")).side()).isEqualTo(Side.LEGACY);
            assertThat(count(MigrationMetrics.SHADOW_SAMPLED)).isZero();

            late.set(Duration.ZERO);
            migration.serve(home("req-2"));
            assertThat(count(MigrationMetrics.SHADOW_SAMPLED)).as("sampling again once caught up").isEqualTo(1);
        }
    }

    /** Hearth's answer to a home that waited too long since it arrived (AnswerAtOnce's, before any port is called). */
    final ShowScreenUseCase lateScreens = query -> {
        built.incrementAndGet();
        throw new LateRequestException(LateRequestException.Reason.WAITED, "This request waited 300 ms", Duration.ofSeconds(1),
                Duration.ofMillis(800));
    };

    @Test
    void aHomeTooLateToBuildIsAnsweredByLegacyWhileItHasRoomAsACapacityShedNotAGateFallback() {
        AtomicInteger legacyCalls = new AtomicInteger();
        HomeMigration migration = migration(Side.HEARTH, lateScreens, context -> {
            legacyCalls.incrementAndGet();
            return LEGACY_HOME;
        }, shadow, Duration.ofMillis(100));

        HomeAnswer answer = migration.serve(home("req-1"));

        assertThat(answer.side()).isEqualTo(Side.LEGACY_FALLBACK);
        assertThat(answer.legacy()).contains(LEGACY_HOME);
        assertThat(legacyCalls).hasValue(1);
        assertThat(count(MigrationMetrics.fallback("late"))).isEqualTo(1);
        assertThat(count(MigrationMetrics.served(Side.LEGACY_FALLBACK))).isEqualTo(1);
        assertThat(count(MigrationMetrics.served(Side.HEARTH))).isZero();
        tallies.flush();
        assertThat(figures.all()).as("a shed for capacity is no fallback a gate judges (ADR 026)").isEmpty();
    }

    @Test
    void aHomeTooLateToBuildWhileLegacyHasNoRoomIsTheFast503() {
        AtomicInteger legacyCalls = new AtomicInteger();
        HomeMigration migration = migration(Side.HEARTH, lateScreens, context -> {
            legacyCalls.incrementAndGet();
            return LEGACY_HOME;
        }, shadow, Duration.ofMillis(100));
        legacyRoom.set(false);

        assertThatThrownBy(() -> migration.serve(home("req-1"))).isInstanceOf(LateRequestException.class);
        assertThat(legacyCalls).hasValue(0);
        assertThat(count(MigrationMetrics.fallback("late"))).isZero();
        assertThat(count(MigrationMetrics.served(Side.LEGACY_FALLBACK))).isZero();
        tallies.flush();
        assertThat(figures.all()).isEmpty();
    }

    /** A home as the resource makes it, that waited {@code waited} since it arrived (and queued as long). */
    static ScreenQuery home(String requestId, Duration waited) {
        return new ScreenQuery("home", new CustomerId("alice"), requestId, "token", Map.of(), Optional.empty(),
                Optional.empty(), AppClient.UNKNOWN, waited, waited);
    }

    /** Legacy that never answers: holds the call until it is interrupted (its timeout). */
    static final LoadLegacyHomePort HANGING_LEGACY = context -> {
        try {
            new CountDownLatch(1).await();
            throw new IllegalStateException("unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("legacy call interrupted", e);
        }
    };

    @Test
    void aLateHomeAsksLegacyOnlyForWhatIsLeftOfItsBudgetAndWhenLegacyTakesLongerAnswersTheFast503() {
        // legacyTimeout is 5 s; the home waited 600 ms of its 800 ms budget: legacy gets 800 + 100 - 600 = 300 ms
        HomeMigration migration = migration(Side.HEARTH, lateScreens, HANGING_LEGACY, shadow, Duration.ofMillis(100));

        long start = System.nanoTime();
        assertThatThrownBy(() -> migration.serve(home("req-1", Duration.ofMillis(600))))
                .as("the 503 overloaded with Retry-After, not legacy's failure at its 5 s timeout")
                .isInstanceOf(LateRequestException.class);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).as("cut at what was left (300 ms), far below legacyTimeout (5 s)")
                .isLessThan(Duration.ofSeconds(3));
        assertThat(count(MigrationMetrics.fallback("late"))).as("not answered by legacy").isZero();
        assertThat(count(MigrationMetrics.served(Side.LEGACY_FALLBACK))).isZero();
        assertThat(count(MigrationMetrics.LEGACY_FAILURES)).as("legacy was only asked to be quicker than it must be")
                .isZero();
        tallies.flush();
        assertThat(figures.all()).isEmpty();
    }

    @Test
    void aLateHomeThatWaitedPastItsBudgetAndSlackIsNotSentToLegacy() {
        AtomicInteger legacyCalls = new AtomicInteger();
        HomeMigration migration = migration(Side.HEARTH, lateScreens, context -> {
            legacyCalls.incrementAndGet();
            return LEGACY_HOME;
        }, shadow, Duration.ofMillis(100));

        assertThatThrownBy(() -> migration.serve(home("req-1", Duration.ofMillis(900))))
                .isInstanceOf(LateRequestException.class);
        assertThat(legacyCalls).hasValue(0);
        assertThat(count(MigrationMetrics.fallback("late"))).isZero();
    }

    static ScreenQuery home(String requestId) {
        return new ScreenQuery("home", new CustomerId("alice"), requestId, "token", Map.of(), Optional.empty());
    }

    @Test
    void anUnexpectedErrorWhileHearthBuildsTheScreenIsAnsweredByLegacyCountedAndLoggedWithItsReason() {
        ScreenService failing = new ScreenService(() -> {
            throw new IllegalStateException("the catalog is gone");
        });
        HomeMigration migration = servedByHearth(failing);

        HomeAnswer answer;
        try (CapturedLogs logs = CapturedLogs.start(Map.of())) {
            answer = migration.serve(home("req-1"));

            assertThat(logs.lines()).filteredOn(line -> line.logger().equals(HomeMigration.class.getName()))
                    .singleElement().satisfies(line -> {
                        assertThat(line.level()).isEqualTo("WARN");
                        assertThat(line.text()).startsWith("Home of request req-1 answered by legacy "
                                + "(unexpected-error): Hearth failed: java.lang.IllegalStateException: the catalog is "
                                + "gone").contains("\tat "); // with its stack trace
                    });
        }

        assertThat(answer.side()).isEqualTo(Side.LEGACY_FALLBACK);
        assertThat(answer.legacy()).contains(LEGACY_HOME);
        assertThat(answer.screen()).isEmpty();
        assertThat(metrics.counter(MigrationMetrics.fallback("unexpected-error")).getCount()).isEqualTo(1);
        tallies.flush();
        assertThat(figures.all()).singleElement().satisfies(tally -> assertThat(tally.fallbacks()).isEqualTo(1));
        assertThat(metrics.counter(MigrationMetrics.fallback("required-section-failed")).getCount()).isZero();
        assertThat(metrics.counter(MigrationMetrics.served(Side.LEGACY_FALLBACK)).getCount()).isEqualTo(1);
        assertThat(metrics.counter(MigrationMetrics.served(Side.HEARTH)).getCount()).isZero();
    }
}
