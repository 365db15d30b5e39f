package dev.hearth.dsl;

import static dev.hearth.dsl.Harness.ms;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.dsl.spi.CallRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A section that takes another section's result starts when that result exists, not when that section's fields are
 * done; it waits for the fields only where they decide its input (a list whose required field leaves items out).
 * Virtual time: every latency is exact, nothing sleeps.
 */
class EarlyStartTest {
    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    private CallRecord record(String path) {
        return h.records.stream().filter(r -> r.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no call at " + path + " in " + h.records));
    }

    /** When the call at {@code path} started, from the start of the request. */
    private Duration started(String path) {
        return Duration.between(VirtualTime.EPOCH, record(path).start());
    }

    /** account-detail: the account answers at 34 ms, its balance 250 ms later. */
    private Screen accountDetail(boolean accountRequired, boolean balanceFails) {
        h.port("account", String.class, String.class, 34, in -> "account " + in)
                .port("balance", String.class, Integer.class, 284, in -> {
                    if (balanceFails) {
                        throw new IllegalStateException("balances down");
                    }
                    return 100;
                })
                .port("nickname", String.class, String.class, 10, in -> "alias of " + in)
                .listPort("activities", String.class, String.class, 50, in -> List.of("activities of " + in))
                .port("partnership", String.class, String.class, 20, in -> "miles of " + in);
        Section.Builder account = Section.builder("account").port("account").from(Source.param("accountId"))
                .field(Field.builder("balance").port("balance").required().deadline(ms(400)).build())
                .field(Field.builder("alias").port("nickname").optional().fallback(Fallback.value("My account")).build());
        if (accountRequired) {
            account.required();
        } else {
            account.optional().fallback(Fallback.omit());
        }
        return Screen.builder("account-detail").budget(ms(800))
                .section(account.build())
                .section(Section.builder("activities").port("activities").from(Source.section("account")).optional()
                        .deadline(ms(500)).fallback(Fallback.empty()).build())
                .section(Section.builder("partnership").port("partnership").from(Source.section("account")).optional()
                        .fallback(Fallback.omit()).build())
                .build();
    }

    @Test
    void aSectionFromASectionStartsAtThatSectionsOwnLatencyNotAfterItsSlowField() {
        ScreenResult result = h.run(accountDetail(true, false));

        assertThat(started("account.balance")).isEqualTo(ms(34));
        assertThat(started("activities")).isEqualTo(ms(34));
        assertThat(started("partnership")).isEqualTo(ms(34));
        assertThat(h.took("activities")).isEqualTo(ms(50));
        // Its deadline counts from its (earlier) start.
        assertThat(record("activities").effectiveDeadline()).isEqualTo(VirtualTime.EPOCH.plus(ms(34 + 500)));
        assertThat(h.time.elapsed()).isEqualTo(ms(318));
        assertThat(result.complete()).isTrue();
        assertThat(result.section("account").orElseThrow().data())
                .isEqualTo(new EnrichedItem("account a1", Map.of("balance", 100, "alias", "alias of account a1")));
        // Dependents get the port's own value, as before.
        assertThat(result.section("activities").orElseThrow().data()).isEqualTo(List.of("activities of account a1"));
        assertThat(result.section("partnership").orElseThrow().data()).isEqualTo("miles of account a1");
    }

    @Test
    void aChainStartsOnEachSectionsOwnResult() {
        h.port("x", String.class, String.class, 30, in -> "x")
                .port("slowField", String.class, String.class, 280, in -> in + ".f")
                .port("y", String.class, String.class, 40, in -> in + ">y")
                .port("z", String.class, String.class, 20, in -> in + ">z");
        Screen screen = Screen.builder("s").budget(ms(800))
                .section(Section.builder("x").port("x").required()
                        .field(Field.builder("f").port("slowField").required().build()).build())
                .section(Section.builder("y").port("y").from(Source.section("x")).required()
                        .field(Field.builder("f").port("slowField").required().build()).build())
                .section(Section.builder("z").port("z").from(Source.section("y")).required().build())
                .build();

        ScreenResult result = h.run(screen);

        assertThat(started("y")).isEqualTo(ms(30));
        assertThat(started("z")).isEqualTo(ms(70));
        assertThat(h.time.elapsed()).isEqualTo(ms(350));
        assertThat(result.section("z").orElseThrow().data()).isEqualTo("x>y>z");
    }

    /** cardList answers at 30 ms; its required status, 250 ms later, fails for c1, which leaves c1 out of the list. */
    private Screen cardsWithStatus(boolean statusRequired) {
        h.listPort("cardList", String.class, String.class, 30, in -> List.of("c0", "c1", "c2"))
                .port("status", String.class, String.class, 280, in -> {
                    if (in.equals("c1")) {
                        throw new IllegalStateException("no status for c1");
                    }
                    return "active";
                })
                .port("cardDetails", String.class, String.class, 40, in -> in + "-detail")
                .port("summary", List.class, String.class, 10, in -> in.size() + " cards");
        Field.Builder status = Field.builder("status").port("status");
        if (statusRequired) {
            status.required();
        } else {
            status.optional().fallback(Fallback.value("unknown"));
        }
        return Screen.builder("s").budget(ms(800))
                .section(Section.builder("cardList").port("cardList").optional().fallback(Fallback.empty())
                        .field(status.build()).build())
                .section(Section.builder("cards").port("cardDetails").from(Source.each("cardList")).optional()
                        .fallback(Fallback.empty()).build())
                .section(Section.builder("summary").port("summary").from(Source.section("cardList")).optional()
                        .fallback(Fallback.omit()).build())
                .build();
    }

    @Test
    void aSectionWhoseInputARequiredFieldDecidesWaitsForThatField() {
        ScreenResult result = h.run(cardsWithStatus(true));

        assertThat(started("cards[0]")).isEqualTo(ms(310));
        assertThat(started("summary")).isEqualTo(ms(310));
        assertThat(h.time.elapsed()).isEqualTo(ms(350));
        assertThat(h.calls("cardDetails")).isEqualTo(2);
        assertThat(result.section("cards").orElseThrow().data()).isEqualTo(List.of("c0-detail", "c2-detail"));
        assertThat(result.section("summary").orElseThrow().data()).isEqualTo("2 cards");
    }

    @Test
    void aFanOutOverAListWithOnlyOptionalFieldsStartsAtTheListsOwnLatency() {
        ScreenResult result = h.run(cardsWithStatus(false));

        assertThat(started("cards[0]")).isEqualTo(ms(30));
        assertThat(started("cards[2]")).isEqualTo(ms(30));
        assertThat(started("summary")).isEqualTo(ms(30));
        assertThat(h.time.elapsed()).isEqualTo(ms(310));
        assertThat(result.section("cards").orElseThrow().data())
                .isEqualTo(List.of("c0-detail", "c1-detail", "c2-detail"));
        assertThat(result.section("summary").orElseThrow().data()).isEqualTo("3 cards");
    }

    /**
     * cardList answers at 30 ms; cards (one call per card, 40 ms) has a status field taking 250 ms more; summary reads
     * cards' result.
     */
    private Screen fanOutWithStatus(boolean statusRequired) {
        h.listPort("cardList", String.class, String.class, 30, in -> List.of("c0", "c1", "c2"))
                .port("cardDetails", String.class, String.class, 40, in -> in + "-detail")
                .port("status", String.class, String.class, 250, in -> {
                    if (in.equals("c1-detail")) {
                        throw new IllegalStateException("no status for c1");
                    }
                    return "active";
                })
                .port("summary", List.class, String.class, 10, in -> in + "");
        Field.Builder status = Field.builder("status").port("status");
        if (statusRequired) {
            status.required();
        } else {
            status.optional().fallback(Fallback.value("unknown"));
        }
        return Screen.builder("s").budget(ms(800))
                .section(Section.builder("cardList").port("cardList").optional().fallback(Fallback.empty()).build())
                .section(Section.builder("cards").port("cardDetails").from(Source.each("cardList")).optional()
                        .fallback(Fallback.empty()).field(status.build()).build())
                .section(Section.builder("summary").port("summary").from(Source.section("cards")).optional()
                        .fallback(Fallback.omit()).build())
                .build();
    }

    @Test
    void aSectionFromAFanOutStartsWhenTheFanOutsCallsAnsweredNotAfterItsOptionalField() {
        Screen screen = fanOutWithStatus(false);
        ScreenResult result = h.run(screen);

        assertThat(started("cards[0].status")).isEqualTo(ms(70));
        assertThat(started("summary")).isEqualTo(ms(70));
        assertThat(h.time.elapsed()).isEqualTo(ms(320));
        // Dependents get the port values of the calls that answered (all three: the field fails alone).
        assertThat(result.section("summary").orElseThrow().data()).isEqualTo("[c0-detail, c1-detail, c2-detail]");
        // The plan (the `plan` command) says the same: summary starts after the call of cards, not its field.
        ScreenPlan plan = ScreenPlan.of(h.engine().compile(screen));
        assertThat(step(plan, "summary").startsAfter()).contains("cards");
    }

    @Test
    void aSectionFromAFanOutWhoseRequiredFieldLeavesItemsOutWaitsForThatField() {
        Screen screen = fanOutWithStatus(true);
        ScreenResult result = h.run(screen);

        assertThat(started("cards[0].status")).isEqualTo(ms(70));
        assertThat(started("summary")).isEqualTo(ms(320));
        assertThat(h.time.elapsed()).isEqualTo(ms(330));
        // c1's status failed, so c1 is left out of cards: summary's input is known only after the field.
        assertThat(result.section("summary").orElseThrow().data()).isEqualTo("[c0-detail, c2-detail]");
        ScreenPlan plan = ScreenPlan.of(h.engine().compile(screen));
        assertThat(step(plan, "summary").startsAfter()).contains("cards.status");
    }

    private static ScreenPlan.Step step(ScreenPlan plan, String name) {
        return plan.steps().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no step " + name + " in " + plan.render()));
    }

    @Test
    void aDependentOfAnOptionalSectionThatFailsThroughItsRequiredFieldIsDependencyFailed() {
        ScreenResult result = h.run(accountDetail(false, true));

        // It started on the account's own value, but the account ended with no data: as if it had never started.
        assertThat(started("activities")).isEqualTo(ms(34));
        SectionResult account = result.section("account").orElseThrow();
        assertThat(account.status()).isEqualTo(SectionStatus.OMITTED);
        SectionResult activities = result.section("activities").orElseThrow();
        assertThat(activities.status()).isEqualTo(SectionStatus.FALLBACK);
        assertThat(activities.reason()).contains(Reason.DEPENDENCY_FAILED);
        assertThat(activities.data()).isEqualTo(List.of());
        assertThat(result.section("partnership").orElseThrow().reason()).contains(Reason.DEPENDENCY_FAILED);
        assertThat(result.failure()).isEmpty();
        assertThat(h.time.elapsed()).isEqualTo(ms(318));
    }

    @Test
    void aDependentStillRunningWhenItsInputSectionFailsIsDependencyFailedAtOnce() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean interrupted = new AtomicBoolean();
        h.port("account", String.class, String.class, 34, in -> "account " + in)
                // Fails at once, without a virtual sleep (which the held time would never end).
                .register(PortDefinition.<String, String, Integer>of("balance", String.class, Integer.class, (in, c) -> {
                    throw new IllegalStateException("balances down");
                }))
                .register(PortDefinition.<String, String, String>of("activities", String.class, String.class, (in, c) -> {
                    try {
                        // Holds virtual time still; were the answer to wait for this call, it would come only after
                        // 10 s of real time, not interrupted.
                        never.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        interrupted.set(true);
                        throw e;
                    }
                    return "activities of " + in;
                }));
        Screen screen = Screen.builder("account-detail").budget(ms(800))
                .section(Section.builder("account").port("account").from(Source.param("accountId")).optional()
                        .fallback(Fallback.omit())
                        .field(Field.builder("balance").port("balance").required().build()).build())
                .section(Section.builder("activities").port("activities").from(Source.section("account")).optional()
                        .fallback(Fallback.value("none")).build())
                .build();

        ScreenResult result = h.run(screen);

        SectionResult activities = result.section("activities").orElseThrow();
        assertThat(activities.status()).isEqualTo(SectionStatus.FALLBACK);
        assertThat(activities.reason()).contains(Reason.DEPENDENCY_FAILED);
        assertThat(h.allThreadsEnded()).isTrue();
        assertThat(interrupted).as("answered while the activities' call still ran, which was then interrupted").isTrue();
        assertThat(started("activities")).isEqualTo(ms(34));
        assertThat(h.time.elapsed()).isEqualTo(ms(34));
    }

    @Test
    void aDependentOfARequiredSectionThatFailsThroughItsRequiredFieldIsDependencyFailedAndTheScreenFails() {
        ScreenResult result = h.run(accountDetail(true, true));

        assertThat(result.failure().orElseThrow().sectionId()).isEqualTo("account");
        assertThat(result.section("activities").orElseThrow().reason()).contains(Reason.DEPENDENCY_FAILED);
        assertThat(h.time.elapsed()).isEqualTo(ms(318));
    }
}
