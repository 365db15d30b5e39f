package dev.hearth.dsl;

import static dev.hearth.dsl.Harness.ms;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Variants of a screen: which one an app gets (platform, version range, priority, the default for everything
 * else) and what it runs (sections removed, overridden in place, added after), on virtual time.
 */
class VariantTest {
    static final String SCREEN = """
            screen: home
            budget: 800ms
            sections:
              - id: profile
                port: profile
                required: true
              - id: offers
                port: offers
                optional: true
                deadline: 300ms
                fallback: { value: none }
              - id: openBanking
                port: openBanking
                optional: true
                fallback: omit
            variants:
              - name: legacy-apps
                when: { appVersion: "<2.0" }
                priority: 1
                remove: [openBanking]
              - name: ios
                when: { platform: ios }
                priority: 2
                override:
                  - { id: offers, deadline: 100ms }
                add:
                  - { id: widget, port: widget, optional: true, fallback: omit }
              - name: old-ios
                when: { platform: ios, appVersion: ">=1.0 <2.0" }
                priority: 3
                remove: [openBanking, offers]
            """;

    private final Harness h = new Harness();

    @AfterEach
    void close() {
        h.close();
    }

    private AggregationEngine<String> engine;

    private CompiledScreen<String> compiled() {
        h.port("profile", String.class, String.class, 20, in -> "Alice");
        h.port("offers", String.class, String.class, 200, in -> "offer");
        h.port("openBanking", String.class, String.class, 50, in -> "ob");
        h.port("widget", String.class, String.class, 10, in -> "w");
        engine = h.engine();
        return engine.compile(ScreenYaml.parse("home.yml", SCREEN));
    }

    private static List<String> ids(ScreenResult r) {
        return r.sections().stream().map(SectionResult::id).toList();
    }

    @Test
    void anAppNoVariantMatchesGetsTheScreensOwnSections() {
        CompiledScreen<String> screen = compiled();

        for (Client client : List.of(Client.UNKNOWN, Client.of("android", "2.3"), Client.of("android", null),
                Client.of("windows", "2.5"), Client.of("android", "banana"), Client.of(null, "not-a-version"))) {
            assertThat(screen.select(client)).as(client.toString()).isSameAs(screen);
            assertThat(screen.select(client).variant()).isEqualTo("default");
        }
        ScreenResult result = engine.execute(screen.select(Client.UNKNOWN), Harness.request());
        assertThat(result.variant()).isEqualTo("default");
        assertThat(ids(result)).containsExactly("profile", "offers", "openBanking");
        assertThat(result.complete()).isTrue();
        assertThat(h.calls("openBanking")).isEqualTo(1);
        assertThat(h.calls("widget")).isZero();
    }

    @Test
    void anOldAppGetsNoRemovedSectionAndItsPortIsNotCalled() {
        CompiledScreen<String> screen = compiled();

        CompiledScreen<String> old = screen.select(Client.of("android", "1.9.3"));
        ScreenResult result = engine.execute(old, Harness.request());

        assertThat(result.variant()).isEqualTo("legacy-apps");
        assertThat(ids(result)).containsExactly("profile", "offers");
        assertThat(result.complete()).isTrue();
        assertThat(h.calls("openBanking")).isZero();
        assertThat(screen.select(Client.of(null, "1.10")).variant()).as("1.10 is before 2.0").isEqualTo("legacy-apps");
        assertThat(screen.select(Client.of(null, "2.0.0")).variant()).as("2.0.0 is 2.0").isEqualTo("default");
        assertThat(screen.select(Client.of(null, "2.0.1-beta")).variant()).isEqualTo("default");
    }

    @Test
    void anOverrideChangesOnlyTheKeysItGivesWhereTheSectionStandsAndAnAddedSectionComesLast() {
        CompiledScreen<String> screen = compiled();

        ScreenResult ios = engine.execute(screen.select(Client.of("iOS", "2.3")), Harness.request());

        assertThat(ios.variant()).isEqualTo("ios");
        assertThat(ids(ios)).containsExactly("profile", "offers", "openBanking", "widget");
        // offers takes 200 ms: within the default's 300 ms deadline, past the ios override's 100 ms
        SectionResult offers = ios.section("offers").orElseThrow();
        assertThat(offers.status()).isEqualTo(SectionStatus.FALLBACK);
        assertThat(offers.reason()).contains(Reason.TIMEOUT);
        assertThat(offers.data()).isEqualTo("none");
        assertThat(h.took("offers")).isEqualTo(ms(100));
        assertThat(ios.section("widget").orElseThrow().data()).isEqualTo("w");

        Section overridden = screen.variant("ios").orElseThrow().screen().section("offers").orElseThrow();
        assertThat(overridden).isEqualTo(Section.builder("offers").port("offers").optional().deadline(ms(100))
                .fallback(Fallback.value("none")).build());

        ScreenResult android = engine.execute(screen.select(Client.of("android", "2.3")), Harness.request());
        assertThat(android.section("offers").orElseThrow().status()).isEqualTo(SectionStatus.OK);
        assertThat(ids(android)).containsExactly("profile", "offers", "openBanking");
    }

    @Test
    void ofTwoVariantsThatMatchTheHigherPriorityAnswers() {
        CompiledScreen<String> screen = compiled();

        assertThat(screen.select(Client.of("ios", "1.5")).variant()).as("ios, legacy-apps and old-ios match")
                .isEqualTo("old-ios");
        assertThat(screen.select(Client.of("ios", "0.9")).variant()).as("legacy-apps (1) and ios (2)")
                .isEqualTo("ios");
        assertThat(screen.select(Client.of("ios", "banana")).variant())
                .as("an unparsable version meets no version range; platform ios still holds").isEqualTo("ios");
        assertThat(screen.select(Client.of("ios", "1.5")).screen().sections()).extracting(Section::id)
                .containsExactly("profile");
    }

    @Test
    void eachVariantIsCompiledOnceAndFoundByName() {
        CompiledScreen<String> screen = compiled();

        assertThat(screen.variants().keySet()).containsExactly("default", "legacy-apps", "ios", "old-ios");
        assertThat(screen.variant("default")).containsSame(screen);
        assertThat(screen.select(Client.of("ios", "2.3"))).isSameAs(screen.variant("ios").orElseThrow())
                .isSameAs(screen.select(Client.of("ios", "7")));
        assertThat(screen.variant("nope")).isEmpty();
        assertThat(screen.variant("old-ios").orElseThrow().variants().keySet()).containsExactly("old-ios");
    }

    @Test
    void anOverrideStatingRequiredReplacesOptionalAndJavaBuildsTheSameVariant() {
        Screen yaml = ScreenYaml.parse("home.yml", """
                screen: s
                budget: 500ms
                sections:
                  - { id: a, port: a, required: true }
                  - { id: b, port: b, optional: true, deadline: 300ms }
                variants:
                  - name: android
                    when: { platform: Android, appVersion: ">=3" }
                    override:
                      - { id: b, required: true }
                """);
        Screen java = Screen.builder("s").budget(ms(500))
                .section(Section.builder("a").port("a").required().build())
                .section(Section.builder("b").port("b").optional().deadline(ms(300)).build())
                .variant(Variant.builder("android").platform("android").appVersion(VersionRange.parse(">=3.0"))
                        .override(Section.builder("b").port("b").required().deadline(ms(300)).build())
                        .build())
                .build();
        assertThat(yaml).isEqualTo(java);
    }
}
