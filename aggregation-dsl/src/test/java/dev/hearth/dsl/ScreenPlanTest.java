package dev.hearth.dsl;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/** The worst case the deadlines allow: per call min(port timeout, deadline, budget), chained through inputs. */
class ScreenPlanTest {
    record Customer(String id) {
    }

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    record Account(String id) {
    }

    record Card(String id) {
    }

    static final String HOME = """
            screen: home
            budget: 800ms
            sections:
              - id: profile
                port: profile
                required: true
              - id: accounts
                port: accounts
                required: true
                deadline: 600ms
                fields:
                  balance: { port: balance, optional: true, deadline: 300ms }
                  alias:   { port: alias, optional: true }
              - id: cardList
                port: cardList
                optional: true
              - id: cards
                port: cardDetails
                from: { each: cardList }
                optional: true
                deadline: 250ms
            """;

    static CompiledScreen<Customer> compile(String yaml, Map<String, Duration> timeouts) {
        PortRegistry.Builder<Customer> ports = PortRegistry.builder();
        List<PortDefinition<Customer, ?, ?>> all = List.of(
                PortDefinition.of("profile", Customer.class, String.class, (c, x) -> c.id()),
                PortDefinition.ofList("accounts", Customer.class, Account.class, (c, x) -> List.of()),
                PortDefinition.of("balance", Account.class, Integer.class, (a, x) -> 1),
                PortDefinition.of("alias", Account.class, String.class, (a, x) -> a.id()),
                PortDefinition.ofList("cardList", Customer.class, Card.class, (c, x) -> List.of()),
                PortDefinition.of("cardDetails", Card.class, String.class, (c, x) -> c.id()));
        for (PortDefinition<Customer, ?, ?> port : all) {
            ports.register(timeouts.containsKey(port.name()) ? port.withTimeout(timeouts.get(port.name())) : port);
        }
        AggregationEngine<Customer> engine = AggregationEngine.builder(Customer.class).ports(ports.build()).build();
        return engine.compile(ScreenYaml.parse("home.yml", yaml));
    }

    @Test
    void eachCallTakesTheSmallestOfPortTimeoutDeadlineAndBudget() {
        ScreenPlan plan = ScreenPlan.of(compile(HOME, Map.of("profile", ms(300), "accounts", ms(1000), "balance", ms(200))));

        assertThat(plan.steps()).extracting(ScreenPlan.Step::name, s -> s.allowed().toMillis(), ScreenPlan.Step::limitedBy)
                .containsExactly(
                        Tuple.tuple("profile", 300L, ScreenPlan.Limit.PORT_TIMEOUT),
                        Tuple.tuple("accounts", 600L, ScreenPlan.Limit.DEADLINE),
                        Tuple.tuple("accounts.balance", 200L, ScreenPlan.Limit.PORT_TIMEOUT),
                        Tuple.tuple("accounts.alias", 800L, ScreenPlan.Limit.BUDGET),
                        Tuple.tuple("cardList", 800L, ScreenPlan.Limit.BUDGET),
                        Tuple.tuple("cards", 250L, ScreenPlan.Limit.DEADLINE));
    }

    @Test
    void fieldsStartAfterTheirSectionAndTheCriticalPathIsCappedByTheBudget() {
        ScreenPlan plan = ScreenPlan.of(compile(HOME, Map.of("alias", ms(200), "cardList", ms(300), "profile", ms(300))));

        assertThat(plan.criticalPath()).extracting(ScreenPlan.Step::name).containsExactly("accounts", "accounts.balance");
        assertThat(plan.criticalPathLength()).isEqualTo(ms(900));
        assertThat(plan.cappedByBudget()).isTrue();
        assertThat(plan.worstCase()).isEqualTo(ms(800));
        assertThat(plan.criticalPathLine())
                .isEqualTo("critical path: accounts (600ms) -> accounts.balance (300ms) = 900ms, capped by the budget 800ms");
    }

    @Test
    void aFanOutCountsOnceAndChainsAfterTheSectionItTakesItsItemsFrom() {
        ScreenPlan plan = ScreenPlan.of(compile(HOME, Map.of("accounts", ms(100), "balance", ms(100), "alias", ms(100),
                "cardList", ms(500), "cardDetails", ms(300), "profile", ms(100))));

        ScreenPlan.Step cards = plan.steps().stream().filter(s -> s.name().equals("cards")).findFirst().orElseThrow();
        assertThat(cards.input()).isEqualTo("each cardList");
        assertThat(cards.startsAfter()).contains("cardList");
        assertThat(cards.start()).isEqualTo(ms(500));
        assertThat(cards.end()).isEqualTo(ms(750));
        assertThat(plan.criticalPathLine())
                .isEqualTo("critical path: cardList (500ms) -> cards (250ms) = 750ms, within the budget 800ms");
        assertThat(plan.worstCase()).isEqualTo(ms(750));
    }

    @Test
    void aSectionStartsAfterTheCallOfTheSectionItTakesItsInputFromNotAfterItsFields() {
        String yaml = """
                screen: detail
                budget: 2s
                sections:
                  - id: account
                    port: accounts
                    required: true
                    fields:
                      balance: { port: balance, required: true, deadline: 400ms }
                  - id: cards
                    port: cardList
                    from: { section: account }
                    optional: true
                """;
        PortRegistry<Customer> ports = PortRegistry.<Customer>builder()
                .register(PortDefinition.<Customer, Customer, Account>of("accounts", Customer.class, Account.class,
                        (c, x) -> new Account("a"))
                        .withTimeout(ms(300)))
                .register(PortDefinition.of("balance", Account.class, Integer.class, (a, x) -> 1))
                .register(PortDefinition.<Customer, Account, Card>ofList("cardList", Account.class, Card.class,
                        (a, x) -> List.of())
                        .withTimeout(ms(200)))
                .build();
        CompiledScreen<Customer> screen = AggregationEngine.builder(Customer.class).ports(ports).build()
                .compile(ScreenYaml.parse("detail.yml", yaml));

        ScreenPlan plan = ScreenPlan.of(screen);

        ScreenPlan.Step cards = plan.steps().stream().filter(s -> s.name().equals("cards")).findFirst().orElseThrow();
        assertThat(cards.startsAfter()).contains("account");
        assertThat(cards.start()).isEqualTo(ms(300));
        assertThat(cards.end()).isEqualTo(ms(500));
        assertThat(plan.criticalPath()).extracting(ScreenPlan.Step::label)
                .containsExactly("account (300ms)", "account.balance (400ms)");
        assertThat(plan.worstCase()).isEqualTo(ms(700));
        assertThat(plan.render()).contains("from section account").contains("critical path: ")
                .contains("worst case: 700ms");
    }

    @Test
    void aSectionWaitsForTheFieldsOfAListWhoseRequiredFieldDecidesWhichItemsItHas() {
        String yaml = """
                screen: cards
                budget: 2s
                sections:
                  - id: cardList
                    port: cardList
                    required: true
                    fields:
                      status: { port: status, required: true, deadline: 400ms }
                  - id: cards
                    port: cardDetails
                    from: { each: cardList }
                    optional: true
                  - id: all
                    port: summary
                    from: { section: cardList }
                    optional: true
                """;
        PortRegistry<Customer> ports = PortRegistry.<Customer>builder()
                .register(PortDefinition.<Customer, Customer, Card>ofList("cardList", Customer.class, Card.class,
                        (c, x) -> List.of()).withTimeout(ms(300)))
                .register(PortDefinition.of("status", Card.class, String.class, (c, x) -> "active"))
                .register(PortDefinition.<Customer, Card, String>of("cardDetails", Card.class, String.class,
                        (c, x) -> c.id()).withTimeout(ms(200)))
                .register(PortDefinition.<Customer, List, String>of("summary", List.class, String.class,
                        (l, x) -> "n").withTimeout(ms(100)))
                .build();
        CompiledScreen<Customer> screen = AggregationEngine.builder(Customer.class).ports(ports).build()
                .compile(ScreenYaml.parse("cards.yml", yaml));

        ScreenPlan plan = ScreenPlan.of(screen);

        assertThat(plan.steps()).filteredOn(s -> s.name().equals("cards") || s.name().equals("all"))
                .extracting(ScreenPlan.Step::name, ScreenPlan.Step::startsAfter, s -> s.start().toMillis())
                .containsExactly(Tuple.tuple("cards", Optional.of("cardList.status"), 700L),
                        Tuple.tuple("all", Optional.of("cardList.status"), 700L));
        assertThat(plan.criticalPathLine()).isEqualTo(
                "critical path: cardList (300ms) -> cardList.status (400ms) -> cards (200ms) = 900ms, within the budget 2s");
    }

    @Test
    void otherTimeoutsShowWhatAChangeToTheSettingsWouldDo() {
        CompiledScreen<Customer> screen = compile(HOME, Map.of());

        ScreenPlan plan = ScreenPlan.of(screen, port -> port.equals("balance") ? Optional.of(ms(200)) : Optional.of(ms(150)));

        assertThat(plan.criticalPathLine())
                .isEqualTo("critical path: accounts (150ms) -> accounts.balance (200ms) = 350ms, within the budget 800ms");
    }
}
