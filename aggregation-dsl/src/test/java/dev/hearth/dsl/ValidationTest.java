package dev.hearth.dsl;

import static dev.hearth.dsl.Harness.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Every validation problem, with its line and hint; YAML and Java builders alike. */
class ValidationTest {
    record Customer(String id) {
    }

    record Account(String id) {
    }

    record Card(String id) {
    }

    static final PortRegistry<Customer> PORTS = PortRegistry.<Customer>builder()
            .register(PortDefinition.of("profile", Customer.class, String.class, (c, x) -> c.id()))
            .register(PortDefinition.ofList("accounts", Customer.class, Account.class, (c, x) -> List.of()))
            .register(PortDefinition.of("account", String.class, Account.class, (id, x) -> new Account(id)))
            .register(PortDefinition.of("balance", Account.class, Integer.class, (a, x) -> 1))
            .register(PortDefinition.ofList("cardList", Customer.class, Card.class, (c, x) -> List.of()))
            .register(PortDefinition.of("cardDetails", Card.class, String.class, (c, x) -> c.id()))
            .build();
    static final AggregationEngine<Customer> ENGINE = AggregationEngine.builder(Customer.class).ports(PORTS).build();

    static final String HOME = """
            screen: home
            budget: 800ms
            sections:
              - id: profile
                port: profile
                from: customer
                required: true
              - id: accounts
                port: accounts
                required: true
                deadline: 400ms
                fields:
                  balance: { port: balance, optional: true, deadline: 300ms, fallback: { value: null } }
              - id: cards
                port: cardDetails
                from: { each: cardList }
                optional: true
                deadline: 250ms
                fallback: empty
              - id: cardList
                port: cardList
                optional: true
                fallback: { value: [] }
            """;

    /** "line: message (hint: ...)" for every problem of {@code yaml}. */
    static List<String> problems(String yaml) {
        try {
            ENGINE.compile(ScreenYaml.parse("home.yml", yaml));
            return List.of();
        } catch (ScreenDefinitionException e) {
            return e.problems().stream().map(p -> p.origin().map(o -> o.line() + ": ").orElse("") + p.message()
                    + " (hint: " + p.hint() + ")").toList();
        }
    }

    static String home(String from, String to) {
        assertThat(HOME).contains(from);
        return HOME.replace(from, to);
    }

    @Test
    void aValidScreenWithAForwardReferenceCompiles() {
        assertThat(problems(HOME)).isEmpty();
    }

    @Test
    void syntaxErrorsHaveTheirLine() {
        assertThat(problems(home("    port: accounts\n", "    port: [accounts\n")))
                .singleElement().asString().startsWith("10: ").contains("YAML syntax error");
    }

    @Test
    void unknownKeysSuggestTheRightOne() {
        assertThat(problems(home("    deadline: 400ms", "    dedline: 400ms")))
                .containsExactly("11: unknown key 'dedline' in a section (hint: did you mean 'deadline'? allowed keys: "
                        + "[id, port, from, required, optional, deadline, fallback, fields, freshness])");
    }

    @Test
    void missingScreenBudgetIdAndPortAreReported() {
        assertThat(problems("sections:\n  - port: profile\n    required: true\n  - id: x\n    optional: true\n"))
                .anyMatch(p -> p.startsWith("1: the file has no `screen`"))
                .anyMatch(p -> p.startsWith("1: screen 'null' has no budget") || p.contains("has no budget"))
                .anyMatch(p -> p.startsWith("2: a section has no `id`"))
                .anyMatch(p -> p.startsWith("4: section 'x' has no `port`"));
    }

    @Test
    void badDurationsSayHowToWriteOne() {
        assertThat(problems(home("deadline: 250ms", "deadline: 2 s"))).containsExactly(
                "18: bad duration '2 s' for deadline of section 'cards' (hint: write a positive whole number and a unit: "
                        + "250ms, 2s, 1m or 1h)");
    }

    @Test
    void unknownPortsSuggestAKnownOne() {
        assertThat(problems(home("port: profile", "port: profil"))).singleElement().asString()
                .startsWith("5: section 'profile' calls unknown port 'profil'").contains("did you mean 'profile'?");
    }

    @Test
    void unknownInputSectionsAreReported() {
        assertThat(problems(home("{ each: cardList }", "{ each: cardLst }"))).singleElement().asString()
                .startsWith("16: section 'cards' takes its input from unknown section 'cardLst'")
                .contains("did you mean 'cardList'?");
    }

    @Test
    void cyclesAreNamed() {
        String yaml = home("    port: cardList\n", "    port: cardList\n    from: { section: cards }\n");
        assertThat(problems(yaml)).anyMatch(p -> p.contains("sections form a cycle: cards -> cardList -> cards")
                || p.contains("sections form a cycle: cardList -> cards -> cardList"));
    }

    @Test
    void inputTypeMismatchesNameBothTypes() {
        assertThat(problems(home("{ each: cardList }", "customer"))).anyMatch(p -> p.startsWith(
                "16: section 'cards' gives port 'cardDetails' the customer, a Customer, but the port takes a Card"));
        assertThat(problems(home("port: balance", "port: cardDetails"))).singleElement().asString()
                .contains("field 'balance' of section 'accounts' gives port 'cardDetails' the section's item, a Account, "
                        + "but the port takes a Card");
        assertThat(problems(home("from: customer", "from: { param: accountId }"))).singleElement().asString()
                .startsWith("6: section 'profile' gives port 'profile' the parameter 'accountId', a String");
    }

    @Test
    void duplicateSectionIdsAndFieldNamesAreReported() {
        assertThat(problems(home("id: cardList", "id: profile"))).anyMatch(p -> p.startsWith("20: section id 'profile' is used twice (first at home.yml:4)"));
        assertThat(problems(home("fields:\n", "fields:\n      balance: { port: balance, optional: true }\n")))
                .anyMatch(p -> p.startsWith("14: field 'balance' of section 'accounts' is declared twice (first on line 13)"));
    }

    @Test
    void aRequiredSectionCannotDependOnAnOptionalOne() {
        assertThat(problems(home("    optional: true\n    deadline: 250ms\n    fallback: empty\n",
                "    required: true\n    deadline: 250ms\n"))).singleElement().asString()
                .startsWith("16: required section 'cards' depends on optional section 'cardList' (cards -> cardList)");
    }

    @Test
    void deadlinesBeyondTheBudgetAreReported() {
        assertThat(problems(home("deadline: 400ms", "deadline: 900ms"))).singleElement().asString()
                .startsWith("11: deadline 900ms of section 'accounts' is longer than the screen's budget 800ms");
        assertThat(problems(home("deadline: 300ms", "deadline: 1s"))).singleElement().asString()
                .startsWith("13: deadline 1s of field 'balance' of section 'accounts' is longer than the screen's budget 800ms");
    }

    @Test
    void fallbacksOnRequiredSectionsAndEmptyOnNonListsAreReported() {
        assertThat(problems(home("    required: true\n  - id: accounts", "    required: true\n    fallback: omit\n  - id: accounts")))
                .singleElement().asString().startsWith("8: section 'profile' is required but declares a fallback");
        assertThat(problems(home("fallback: { value: null }", "fallback: empty"))).singleElement().asString()
                .startsWith("13: fallback `empty` of field 'balance' of section 'accounts' needs a port returning a list, "
                        + "but port 'balance' returns a Integer");
    }

    @Test
    void eachOverANonListIsReported() {
        assertThat(problems(home("{ each: cardList }", "{ each: profile }"))).anyMatch(p -> p.startsWith(
                "16: section 'cards' fans out with `each: profile`, but section 'profile' returns a String, not a list"));
    }

    @Test
    void exactlyOneOfRequiredAndOptional() {
        assertThat(problems(home("    from: customer\n    required: true\n", "    from: customer\n")))
                .singleElement().asString().startsWith("4: section 'profile' says neither `required: true` nor `optional: true`");
        assertThat(problems(home("    from: customer\n    required: true\n", "    from: customer\n    required: true\n    optional: true\n")))
                .singleElement().asString().startsWith("4: section 'profile' says both");
    }

    @Test
    void everyProblemIsReportedAtOnceInTheMessage() {
        String yaml = home("port: profile", "port: profil").replace("deadline: 400ms", "deadline: 900ms");
        assertThatThrownBy(() -> ENGINE.compile(ScreenYaml.parse("home.yml", yaml)))
                .isInstanceOf(ScreenDefinitionException.class)
                .hasMessageContaining("2 problems")
                .hasMessageContaining("\nhome.yml:5: section 'profile' calls unknown port 'profil' (hint: did you mean 'profile'?")
                .hasMessageContaining("\nhome.yml:11: deadline 900ms");
    }

    @Test
    void javaBuiltScreensGetTheSameProblemsWithoutLines() {
        Screen screen = Screen.builder("home").budget(ms(800))
                .section(Section.builder("a").port("profil").required().build())
                .section(Section.builder("b").port("cardDetails").from(Source.each("c")).build())
                .section(Section.builder("c").port("cardList").from(Source.section("b")).optional().build())
                .build();

        assertThatThrownBy(() -> ENGINE.compile(screen))
                .isInstanceOfSatisfying(ScreenDefinitionException.class, e -> assertThat(e.problems())
                        .allMatch(p -> p.origin().isEmpty())
                        .extracting(Problem::message)
                        .anyMatch(m -> m.equals("screen 'home': section 'a' calls unknown port 'profil'"))
                        .anyMatch(m -> m.equals("screen 'home': section 'b' says neither `required: true` nor `optional: true`"))
                        .anyMatch(m -> m.startsWith("screen 'home': sections form a cycle: b -> c -> b")));
    }

    @Test
    void yamlAndJavaBuildersMakeEqualModels() {
        Screen java = Screen.builder("home").budget(ms(800))
                .section(Section.builder("profile").port("profile").from(Source.customer()).required().build())
                .section(Section.builder("accounts").port("accounts").required().deadline(ms(400))
                        .field(Field.builder("balance").port("balance").optional().deadline(ms(300))
                                .fallback(Fallback.value(null)).build())
                        .build())
                .section(Section.builder("cards").port("cardDetails").from(Source.each("cardList")).optional()
                        .deadline(ms(250)).fallback(Fallback.empty()).build())
                .section(Section.builder("cardList").port("cardList").optional().fallback(Fallback.value(List.of())).build())
                .build();

        Screen yaml = ScreenYaml.parse("home.yml", HOME);

        assertThat(yaml).isEqualTo(java).hasSameHashCodeAs(java);
        assertThat(yaml.sections().get(1).origin()).contains(new Origin("home.yml", 8));
        assertThat(java.sections().get(1).origin()).isEmpty();
    }
}
