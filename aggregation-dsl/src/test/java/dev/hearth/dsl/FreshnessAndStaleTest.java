package dev.hearth.dsl;

import static dev.hearth.dsl.Harness.ms;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** `freshness` and `fallback: { stale: ... }`, on virtual time. */
class FreshnessAndStaleTest {
    private final Harness h = new Harness();
    /** When set, every port of this test fails (ERROR) after its latency. */
    private final AtomicBoolean down = new AtomicBoolean();

    @AfterEach
    void close() {
        h.close();
    }

    private String answer(String value) {
        if (down.get()) {
            throw new IllegalStateException("downstream is down");
        }
        return value;
    }

    private static ScreenRequest<String> customer(String id) {
        return ScreenRequest.builder(id).requestId("r-" + id).build();
    }

    private static Screen screen(String id, Section section) {
        return Screen.builder(id).budget(ms(800)).section(section).build();
    }

    private Screen staleBalances() {
        h.port("balances", String.class, String.class, 10, in -> answer("balances of " + in));
        return screen("home", Section.builder("balances").port("balances").optional()
                .fallback(Fallback.stale(Duration.ofMinutes(10))).build());
    }

    @Test
    void afterAFailureTheLastGoodValueIsServedStaleWithItsAgeAndTheReason() {
        Screen screen = staleBalances();
        AggregationEngine<String> engine = h.engine();
        CompiledScreen<String> compiled = engine.compile(screen);
        assertThat(engine.execute(compiled, customer("c-1")).section("balances").orElseThrow())
                .isEqualTo(SectionResult.ok("balances", "balances of c-1"));
        Instant fetched = h.time.now();

        h.time.advance(Duration.ofMinutes(5));
        down.set(true);
        SectionResult stale = engine.execute(compiled, customer("c-1")).section("balances").orElseThrow();

        assertThat(stale).isEqualTo(SectionResult.stale("balances", "balances of c-1", fetched, Reason.ERROR));
        assertThat(h.calls("balances")).isEqualTo(2);
    }

    @Test
    void aStaleValueOlderThanTheMaxAgeIsNotServed() {
        Screen screen = staleBalances();
        AggregationEngine<String> engine = h.engine();
        CompiledScreen<String> compiled = engine.compile(screen);
        engine.execute(compiled, customer("c-1"));

        h.time.advance(Duration.ofMinutes(10).plusMillis(1));
        down.set(true);
        SectionResult result = engine.execute(compiled, customer("c-1")).section("balances").orElseThrow();

        assertThat(result.status()).isEqualTo(SectionStatus.FAILED);
        assertThat(result.reason()).contains(Reason.ERROR);
        assertThat(result.asOf()).isEmpty();
    }

    @Test
    void oneCustomersStaleValueIsNeverServedToAnother() {
        Screen screen = staleBalances();
        AggregationEngine<String> engine = h.engine();
        CompiledScreen<String> compiled = engine.compile(screen);
        engine.execute(compiled, customer("c-1"));

        down.set(true);
        SectionResult other = engine.execute(compiled, customer("c-2")).section("balances").orElseThrow();

        assertThat(other.status()).isEqualTo(SectionStatus.FAILED);
    }

    @Test
    void aTimeoutIsAlsoCoveredByTheStaleValueWithReasonTimeout() {
        AtomicBoolean slow = new AtomicBoolean();
        h.register(PortDefinition.of("balances", String.class, String.class, (in, c) -> {
            h.time.sleep(ms(slow.get() ? 1_000 : 10));
            return "balances of " + in;
        }));
        Screen screen = screen("home", Section.builder("balances").port("balances").optional().deadline(ms(100))
                .fallback(Fallback.stale(Duration.ofMinutes(10))).build());
        AggregationEngine<String> engine = h.engine();
        CompiledScreen<String> compiled = engine.compile(screen);
        engine.execute(compiled, customer("c-1"));

        slow.set(true);
        SectionResult result = engine.execute(compiled, customer("c-1")).section("balances").orElseThrow();

        assertThat(result.status()).isEqualTo(SectionStatus.STALE);
        assertThat(result.reason()).contains(Reason.TIMEOUT);
        assertThat(result.asOf()).contains(VirtualTime.EPOCH.plus(ms(10)));
    }

    @Test
    void aStaleFieldTakesItsLastGoodValueAndIsStillListedAsDegraded() {
        AtomicBoolean secondDown = new AtomicBoolean();
        h.listPort("accounts", String.class, String.class, 10, in -> List.of("a1", "a2"))
                .port("balance", String.class, Integer.class, 10, account -> {
                    if (secondDown.get() && account.equals("a2")) {
                        throw new IllegalStateException("core banking is down for a2");
                    }
                    return account.equals("a1") ? 100 : 200;
                });
        Screen screen = screen("home", Section.builder("accounts").port("accounts").required()
                .field(Field.builder("balance").port("balance").optional()
                        .fallback(Fallback.stale(Duration.ofMinutes(10))).build())
                .build());
        AggregationEngine<String> engine = h.engine();
        CompiledScreen<String> compiled = engine.compile(screen);
        engine.execute(compiled, customer("c-1"));

        h.time.advance(Duration.ofMinutes(1));
        secondDown.set(true);
        SectionResult accounts = engine.execute(compiled, customer("c-1")).section("accounts").orElseThrow();

        assertThat(accounts.status()).isEqualTo(SectionStatus.PARTIAL);
        assertThat(accounts.data()).isEqualTo(List.of(new EnrichedItem("a1", Map.of("balance", 100)),
                new EnrichedItem("a2", Map.of("balance", 200))));
        assertThat(accounts.degraded()).containsExactly(new Degradation("accounts[1].balance", Reason.ERROR));
    }

    @Test
    void aStaleFieldWithNoValueYoungEnoughIsAbsentAndDegraded() {
        h.listPort("accounts", String.class, String.class, 10, in -> List.of("a1"))
                .port("balance", String.class, Integer.class, 10, account -> {
                    throw new IllegalStateException("down");
                });
        Screen screen = screen("home", Section.builder("accounts").port("accounts").required()
                .field(Field.builder("balance").port("balance").optional()
                        .fallback(Fallback.stale(Duration.ofMinutes(10))).build())
                .build());

        SectionResult accounts = h.run(screen).section("accounts").orElseThrow();

        assertThat(accounts.data()).isEqualTo(List.of(new EnrichedItem("a1", Map.of())));
        assertThat(accounts.degraded()).containsExactly(new Degradation("accounts[0].balance", Reason.ERROR));
    }

    @Test
    void withinItsFreshnessASectionIsServedWithoutCallingItsPortAndAfterItIsCalledAgain() {
        h.port("openBanking", String.class, String.class, 10, in -> "external balances of " + in);
        Screen home = screen("home", Section.builder("openBanking").port("openBanking").optional()
                .freshness(Duration.ofSeconds(30)).build());
        AggregationEngine<String> engine = h.engine();
        CompiledScreen<String> compiled = engine.compile(home);
        assertThat(engine.execute(compiled, customer("c-1")).section("openBanking").orElseThrow().asOf()).isEmpty();
        Instant fetched = h.time.now();

        h.time.advance(Duration.ofSeconds(20));
        ScreenResult cached = engine.execute(compiled, customer("c-1"));

        assertThat(h.calls("openBanking")).isEqualTo(1);
        assertThat(cached.section("openBanking").orElseThrow())
                .isEqualTo(SectionResult.ok("openBanking", "external balances of c-1", fetched));
        assertThat(cached.complete()).isTrue();

        h.time.advance(Duration.ofSeconds(11));
        SectionResult live = engine.execute(compiled, customer("c-1")).section("openBanking").orElseThrow();

        assertThat(h.calls("openBanking")).isEqualTo(2);
        assertThat(live).isEqualTo(SectionResult.ok("openBanking", "external balances of c-1"));
    }

    @Test
    void twoScreensDoNotShareFreshness() {
        h.port("openBanking", String.class, String.class, 10, in -> "external balances of " + in);
        Section.Builder section = Section.builder("openBanking").port("openBanking").optional();
        Screen home = screen("home", section.freshness(Duration.ofSeconds(30)).build());
        Screen overview = screen("overview", section.freshness(Duration.ofSeconds(30)).build());
        Screen live = screen("account-detail", Section.builder("openBanking").port("openBanking").optional().build());
        AggregationEngine<String> engine = h.engine();
        engine.execute(engine.compile(home), customer("c-1"));

        engine.execute(engine.compile(live), customer("c-1"));
        engine.execute(engine.compile(live), customer("c-1"));
        assertThat(h.calls("openBanking")).as("a screen without freshness always calls").isEqualTo(3);

        engine.execute(engine.compile(overview), customer("c-1"));
        assertThat(h.calls("openBanking")).as("another screen's fresh entry is not this screen's").isEqualTo(4);
        engine.execute(engine.compile(home), customer("c-1"));
        assertThat(h.calls("openBanking")).isEqualTo(4);
    }

    @Test
    void aFanOutSectionKeepsStaleValuesPerItem() {
        AtomicBoolean card2Down = new AtomicBoolean();
        h.listPort("cardList", String.class, String.class, 10, in -> List.of("k1", "k2"))
                .port("cardDetails", String.class, String.class, 10, card -> {
                    if (card2Down.get() && card.equals("k2")) {
                        throw new IllegalStateException("card service down for k2");
                    }
                    return "details of " + card;
                });
        Screen screen = Screen.builder("home").budget(ms(800))
                .section(Section.builder("cardList").port("cardList").optional().build())
                .section(Section.builder("cards").port("cardDetails").from(Source.each("cardList")).optional()
                        .fallback(Fallback.stale(Duration.ofMinutes(10))).build())
                .build();
        AggregationEngine<String> engine = h.engine();
        CompiledScreen<String> compiled = engine.compile(screen);
        engine.execute(compiled, customer("c-1"));

        card2Down.set(true);
        SectionResult cards = engine.execute(compiled, customer("c-1")).section("cards").orElseThrow();

        assertThat(cards.status()).isEqualTo(SectionStatus.PARTIAL);
        assertThat(cards.data()).isEqualTo(List.of("details of k1", "details of k2"));
        assertThat(cards.degraded()).containsExactly(new Degradation("cards[1]", Reason.ERROR));
    }

    @Test
    void notFoundIsAnAnswerAndIsNeverReplacedByAStaleValue() {
        AtomicBoolean gone = new AtomicBoolean();
        h.port("partner", String.class, String.class, 10, in -> {
            if (gone.get()) {
                throw new NotFoundException("no partner programme any more");
            }
            return "gold";
        });
        Screen screen = screen("home", Section.builder("partner").port("partner").optional()
                .fallback(Fallback.stale(Duration.ofMinutes(10))).build());
        AggregationEngine<String> engine = h.engine();
        CompiledScreen<String> compiled = engine.compile(screen);
        engine.execute(compiled, customer("c-1"));

        gone.set(true);
        SectionResult result = engine.execute(compiled, customer("c-1")).section("partner").orElseThrow();

        assertThat(result.status()).isEqualTo(SectionStatus.FAILED);
    }

    @Test
    void anEngineRebuiltWithNewPortsKeepsTheStaleValues() {
        Screen screen = staleBalances();
        AggregationEngine<String> before = h.engine();
        before.execute(before.compile(screen), customer("c-1"));
        Instant fetched = h.time.now();

        PortDefinition<String, ?, ?> reloaded = h.ports().find("balances").orElseThrow().withTimeout(ms(5));
        AggregationEngine<String> after = before.withPorts(PortRegistry.<String>builder().register(reloaded).build());
        h.time.advance(Duration.ofMinutes(1));
        SectionResult result = after.execute(after.compile(screen), customer("c-1")).section("balances").orElseThrow();

        assertThat(after.ports().find("balances").orElseThrow().timeout()).contains(ms(5));
        assertThat(result).isEqualTo(SectionResult.stale("balances", "balances of c-1", fetched, Reason.TIMEOUT));
    }
}
