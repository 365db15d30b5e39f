package dev.hearth.dsl;

import static dev.hearth.dsl.Harness.ms;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FanOutAndFieldsTest {
    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    private Screen cards(List<String> list) {
        h.listPort("cardList", String.class, String.class, 10, in -> list)
                .port("cardDetails", String.class, String.class, 20, in -> {
                    if (in.startsWith("bad")) {
                        throw new IllegalStateException("no details for " + in);
                    }
                    return in + "!";
                });
        return Screen.builder("s").budget(ms(500))
                .section(Section.builder("cardList").port("cardList").optional().build())
                .section(Section.builder("cards").port("cardDetails").from(Source.each("cardList")).optional()
                        .fallback(Fallback.empty()).build())
                .build();
    }

    @Test
    void failedItemsAreLeftOutAndListedAsDegraded() {
        SectionResult s = h.run(cards(List.of("c0", "c1", "c2", "bad3"))).section("cards").orElseThrow();
        assertThat(s.status()).isEqualTo(SectionStatus.PARTIAL);
        assertThat(s.data()).isEqualTo(List.of("c0!", "c1!", "c2!"));
        assertThat(s.degraded()).containsExactly(new Degradation("cards[3]", Reason.ERROR));
    }

    @Test
    void whenEveryItemFailsTheSectionFallsBack() {
        SectionResult s = h.run(cards(List.of("bad0", "bad1"))).section("cards").orElseThrow();
        assertThat(s.status()).isEqualTo(SectionStatus.FALLBACK);
        assertThat(s.reason()).contains(Reason.ERROR);
        assertThat(s.data()).isEqualTo(List.of());
    }

    @Test
    void anEmptyInputListIsOkAndEmpty() {
        SectionResult s = h.run(cards(List.of())).section("cards").orElseThrow();
        assertThat(s.status()).isEqualTo(SectionStatus.OK);
        assertThat(s.data()).isEqualTo(List.of());
    }

    @Test
    void aFailedFieldDegradesOneFieldOfOneItem() {
        h.listPort("accounts", String.class, String.class, 10, in -> List.of("a0", "a1", "a2"))
                .port("balance", String.class, Integer.class, 50, in -> {
                    if (in.equals("a2")) {
                        h.time.sleep(ms(1000));
                    }
                    return 100;
                })
                .port("alias", String.class, String.class, 10, in -> {
                    if (in.equals("a1")) {
                        throw new IllegalStateException("db down");
                    }
                    return "my " + in;
                });
        Screen screen = Screen.builder("s").budget(ms(800))
                .section(Section.builder("accounts").port("accounts").required()
                        .field(Field.builder("balance").port("balance").optional().deadline(ms(300))
                                .fallback(Fallback.value(null)).build())
                        .field(Field.builder("alias").port("alias").optional().fallback(Fallback.omit()).build())
                        .build())
                .build();

        ScreenResult result = h.run(screen);

        SectionResult s = result.section("accounts").orElseThrow();
        assertThat(s.status()).isEqualTo(SectionStatus.PARTIAL);
        assertThat(s.degraded()).containsExactly(new Degradation("accounts[1].alias", Reason.ERROR),
                new Degradation("accounts[2].balance", Reason.TIMEOUT));
        Map<String, Object> withNullBalance = new HashMap<>();
        withNullBalance.put("balance", null);
        withNullBalance.put("alias", "my a2");
        assertThat(s.data()).isEqualTo(List.of(
                new EnrichedItem("a0", Map.of("balance", 100, "alias", "my a0")),
                new EnrichedItem("a1", Map.of("balance", 100)),
                new EnrichedItem("a2", withNullBalance)));
        assertThat(h.time.elapsed()).isEqualTo(ms(310));
        assertThat(result.failure()).isEmpty();
    }

    private Screen accountDetail(boolean balanceRequired) {
        h.port("account", String.class, String.class, 10, in -> "account " + in)
                .port("balance", String.class, Integer.class, 10, in -> {
                    throw new IllegalStateException("core down");
                })
                .port("activities", String.class, String.class, 10, in -> "activities of " + in);
        Field.Builder balance = Field.builder("balance").port("balance");
        if (balanceRequired) {
            balance.required();
        } else {
            balance.optional().fallback(Fallback.value(0));
        }
        return Screen.builder("account-detail").budget(ms(800))
                .section(Section.builder("account").port("account").from(Source.param("accountId")).required()
                        .field(balance.build()).build())
                .section(Section.builder("activities").port("activities").from(Source.section("account")).optional()
                        .build())
                .build();
    }

    @Test
    void aFieldOfASingleObjectDegradesAtItsPathAndDependentsGetThePortsOwnValue() {
        ScreenResult result = h.run(accountDetail(false));

        SectionResult account = result.section("account").orElseThrow();
        assertThat(account.status()).isEqualTo(SectionStatus.PARTIAL);
        assertThat(account.degraded()).containsExactly(new Degradation("account.balance", Reason.ERROR));
        assertThat(account.data()).isEqualTo(new EnrichedItem("account a1", Map.of("balance", 0)));
        assertThat(result.section("activities").orElseThrow().data()).isEqualTo("activities of account a1");
    }

    @Test
    void aFailedRequiredFieldFailsItsSection() {
        ScreenResult result = h.run(accountDetail(true));

        assertThat(result.failure().orElseThrow().sectionId()).isEqualTo("account");
        assertThat(result.section("activities").orElseThrow().reason()).contains(Reason.DEPENDENCY_FAILED);
    }

    @Test
    void anOptionalFieldWhosePortFindsNothingIsAbsentNotDegraded() {
        h.listPort("accounts", String.class, String.class, 10, in -> List.of("a0", "a1"))
                .port("partnership", String.class, String.class, 10, in -> {
                    if (in.equals("a1")) {
                        throw new NotFoundException("a1 is in no partner programme");
                    }
                    return "miles";
                });
        Screen screen = Screen.builder("s").budget(ms(800))
                .section(Section.builder("accounts").port("accounts").required()
                        .field(Field.builder("partnership").port("partnership").optional()
                                .fallback(Fallback.value("unknown")).build())
                        .build())
                .build();

        SectionResult s = h.run(screen).section("accounts").orElseThrow();

        assertThat(s.status()).isEqualTo(SectionStatus.OK);
        assertThat(s.degraded()).isEmpty();
        assertThat(s.data()).isEqualTo(List.of(
                new EnrichedItem("a0", Map.of("partnership", "miles")),
                new EnrichedItem("a1", Map.of())));
    }
}
