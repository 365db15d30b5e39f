package dev.hearth.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every mistake a screen's variants can make, reported when the screen is loaded with its file:line and a hint
 * (the screen of {@link ValidationTest}: profile, accounts, cards from each cardList, cardList; its 23 lines are
 * followed here by {@code variants:} on line 24).
 */
class VariantValidationTest {
    static List<String> problems(String variants) {
        return ValidationTest.problems(ValidationTest.HOME + "variants:\n" + variants);
    }

    @Test
    void variantsThatDoNotOverlapOrStatePrioritiesCompile() {
        assertThat(problems("""
                  - name: legacy-apps
                    when: { appVersion: "<2.0" }
                    priority: 1
                    remove: [cards, cardList]
                  - name: ios
                    when: { platform: ios }
                    priority: 2
                    override: [{ id: cards, deadline: 100ms }]
                  - name: android-new
                    when: { platform: android, appVersion: ">=2.0" }
                    add: [{ id: profile2, port: profile, optional: true }]
                """)).isEmpty();
    }

    @Test
    void twoVariantsOneAppCouldMatchWithoutPrioritiesNameBothAndSuchAnApp() {
        assertThat(problems("""
                  - name: legacy-apps
                    when: { appVersion: "<2.0" }
                    remove: [cards]
                  - name: ios
                    when: { platform: ios }
                    remove: [cardList, cards]
                """)).containsExactly("29: variants 'legacy-apps' (at home.yml:25) and 'ios' of screen 'home' both match "
                + "an app on ios at version 0.0, and nothing says which answers (hint: give the one that should win a "
                + "higher `priority:` than the other (e.g. `priority: 2` and `priority: 1`), or narrow their `when` so "
                + "that no app matches both)");
        assertThat(problems("""
                  - name: old
                    when: { appVersion: ">=1.5 <2.0" }
                    priority: 1
                    remove: [cards]
                  - name: middle
                    when: { appVersion: ">1.9 <=3" }
                    priority: 1
                    remove: [cards]
                """)).singleElement().asString().startsWith("30: variants 'old' (at home.yml:25) and 'middle'")
                .contains("both match an app on any platform at version 1.9.1,");
    }

    @Test
    void rangesThatMeetNowhereDoNotOverlap() {
        assertThat(problems("""
                  - name: old
                    when: { appVersion: "<2.0" }
                    remove: [cards]
                  - name: new
                    when: { appVersion: ">=2.0" }
                    remove: [cards]
                  - name: ios-old
                    when: { platform: ios, appVersion: "<=1.9" }
                    priority: 5
                    remove: [cards]
                  - name: android-old
                    when: { platform: android, appVersion: "<=1.9" }
                    priority: 5
                    remove: [cards]
                """)).as("old meets ios-old and android-old (old states no priority); old and new, ios-old and "
                + "android-old never meet").hasSize(2)
                .anySatisfy(p -> assertThat(p).startsWith("32: variants 'old' (at home.yml:25) and 'ios-old'"))
                .anySatisfy(p -> assertThat(p).startsWith("36: variants 'old' (at home.yml:25) and 'android-old'"));
    }

    @Test
    void aVariantForEveryAppLeavesNoDefault() {
        assertThat(problems("""
                  - name: everyone
                    when: {}
                    remove: [cards]
                """)).anyMatch(p -> p.startsWith("26: variant 'everyone' of screen 'home' says no `when`, so it would "
                + "answer every app and leave the screen no default (hint: say which apps it is for"));
        assertThat(problems("""
                  - name: everyone
                    remove: [cards]
                """)).containsExactly("25: variant 'everyone' has no `when` (hint: say which apps it is for: "
                + "`when: { platform: ios }`, `when: { appVersion: \"<2.0\" }` or both)");
        assertThat(problems("""
                  - name: default
                    when: { platform: ios }
                    remove: [cards]
                """)).singleElement().asString().startsWith("25: a variant is named 'default' (hint: 'default' names the "
                + "screen's own sections");
    }

    @Test
    void aVariantMustBeAValidScreenOnItsOwn() {
        assertThat(problems("""
                  - name: no-card-list
                    when: { platform: ios }
                    remove: [cardList]
                """)).containsExactly("25: variant 'no-card-list' of screen 'home' is not a valid screen on its own: "
                + "section 'cards' takes its input from unknown section 'cardList' (home.yml:16) (hint: known "
                + "sections: [accounts, cards, profile])");
        assertThat(problems("""
                  - name: slow
                    when: { platform: ios }
                    override: [{ id: cards, deadline: 2s }]
                """)).singleElement().asString().startsWith("25: variant 'slow' of screen 'home' is not a valid screen "
                + "on its own: deadline 2s of section 'cards' is longer than the screen's budget 800ms (home.yml:27)");
        assertThat(problems("""
                  - name: widget
                    when: { platform: ios }
                    add: [{ id: widget, port: widgt, optional: true }]
                """)).singleElement().asString().startsWith("25: variant 'widget' of screen 'home' is not a valid "
                + "screen on its own: section 'widget' calls unknown port 'widgt' (home.yml:27)");
        assertThat(problems("""
                  - name: optional-profile
                    when: { platform: ios }
                    override: [{ id: profile, fallback: omit }]
                """)).singleElement().asString().startsWith("25: variant 'optional-profile' of screen 'home' is not a "
                + "valid screen on its own: section 'profile' is required but declares a fallback (home.yml:27)");
    }

    @Test
    void badRangesSayHowToWriteOne() {
        String form = "write comparisons of dotted versions that all hold, separated by spaces: \"<2.0\", \">=2.0\", "
                + "\">=1.5 <2.0\" or \"=2.3.1\"; quote it: `appVersion: \">=2.0\"`";
        assertThat(problems("""
                  - name: old
                    when: { appVersion: "<2.x" }
                    remove: [cards]
                """)).containsExactly("26: bad version range of variant 'old': '2.x' in version range \"<2.x\" is not "
                + "a dotted version like 2.0 or 2.10.1 (hint: " + form + ")");
        assertThat(problems("""
                  - name: old
                    when: { appVersion: "2.0" }
                    remove: [cards]
                """)).containsExactly("26: bad version range of variant 'old': '2.0' in version range \"2.0\" has no "
                + "comparison (<, <=, >, >=, =) (hint: " + form + ")");
        assertThat(problems("""
                  - name: old
                    when: { appVersion: ">=2.0 <1.0" }
                    remove: [cards]
                """)).containsExactly("26: bad version range of variant 'old': no version is in the range "
                + "\">=2.0 <1.0\" (hint: " + form + ")");
        assertThat(problems("""
                  - name: old
                    when: { appVersion: 2.0 }
                    remove: [cards]
                """)).singleElement().asString().startsWith("26: bad version range of variant 'old'");
    }

    @Test
    void unknownSectionsInRemoveAndOverrideSuggestAKnownOne() {
        assertThat(problems("""
                  - name: old
                    when: { platform: ios }
                    remove: [cardLst]
                """)).containsExactly("27: variant 'old' of screen 'home' removes unknown section 'cardLst' (hint: did "
                + "you mean 'cardList'? known sections: [accounts, cardList, cards, profile])");
        assertThat(problems("""
                  - name: old
                    when: { platform: ios }
                    override:
                      - id: acounts
                        deadline: 100ms
                """)).containsExactly("28: variant 'old' overrides unknown section 'acounts' (hint: did you mean "
                + "'accounts'? known sections: [accounts, cardList, cards, profile]; to show a new section, `add:` it)");
        assertThat(problems("""
                  - name: old
                    when: { platform: ios }
                    add: [{ id: cards, port: cardDetails, optional: true }]
                """)).singleElement().asString().startsWith("27: variant 'old' of screen 'home' adds section 'cards', "
                + "which the screen has already (hint: use `override:`");
    }

    @Test
    void namesAndShapesAreChecked() {
        assertThat(problems("""
                  - name: ios
                    when: { platform: ios }
                    remove: [cards]
                  - name: ios
                    when: { platform: android }
                    remove: [cards]
                """)).containsExactly("28: variant name 'ios' is used twice (first at home.yml:25) (hint: give each "
                + "variant its own name)");
        assertThat(problems("""
                  - name: Old Apps
                    when: { platform: ios }
                    remove: [cards]
                """)).singleElement().asString().startsWith("25: variant name 'Old Apps' is not a short lower-case name");
        assertThat(problems("""
                  - name: ios
                    when: { platfrom: ios }
                    remove: [cards]
                """)).anyMatch(p -> p.startsWith("26: unknown key 'platfrom' in `when` of variant 'ios' (hint: did you "
                + "mean 'platform'?"));
        assertThat(problems("""
                  - name: ios
                    when: { platform: ios }
                """)).containsExactly("25: variant 'ios' of screen 'home' changes nothing (hint: say what differs for "
                + "these apps with `remove:`, `override:` or `add:`, or delete the variant)");
        assertThat(problems("""
                  - name: ios
                    when: { platform: ios }
                    priority: high
                    remove: [cards]
                """)).singleElement().asString().startsWith("27: `priority` of variant 'ios' must be a whole number");
    }

    @Test
    void javaBuiltVariantsAreCheckedAlike() {
        Screen screen = ScreenYaml.parse("home.yml", ValidationTest.HOME);
        Screen.Builder b = Screen.builder("home").budget(screen.budget());
        screen.sections().forEach(b::section);
        b.variant(Variant.builder("a").platform("ios").remove("cards").build());
        b.variant(Variant.builder("b").appVersion(VersionRange.parse("<2")).remove("cards").build());
        assertThatThrownBy(() -> ValidationTest.ENGINE.compile(b.build())).isInstanceOf(ScreenDefinitionException.class)
                .hasMessageContaining("screen 'home': variants 'a' and 'b' of screen 'home' both match an app on ios at "
                        + "version 0.0");
    }
}
