package dev.hearth.dsl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** App versions compare number by number; ranges say clearly what is wrong with them. */
class VersionRangeTest {
    static AppVersion v(String text) {
        return AppVersion.parse(text).orElseThrow();
    }

    @Test
    void versionsCompareNumberByNumberNotAsText() {
        assertThat(v("2.10")).isGreaterThan(v("2.9"));
        assertThat(v("10.0")).isGreaterThan(v("9.99.99"));
        assertThat(v("2")).isEqualTo(v("2.0.0")).hasSameHashCodeAs(v("2.0"));
        assertThat(v("2.1.0-beta.3")).isEqualTo(v("2.1")).isEqualTo(v("v2.1+77"));
        for (String notAVersion : List.of("", "banana", "2..1", "2.x", "-1", ".5", "1.2.3.4.5.6.7.8.9", "99999999999")) {
            assertThat(AppVersion.parse(notAVersion)).as(notAVersion).isEmpty();
        }
    }

    @Test
    void aRangeHoldsWhatAllItsComparisonsAllow() {
        VersionRange range = VersionRange.parse(">=1.5 <2.10");
        assertThat(range.contains(v("1.5"))).isTrue();
        assertThat(range.contains(v("2.9.9"))).isTrue();
        assertThat(range.contains(v("2.10"))).isFalse();
        assertThat(range.contains(v("1.4.99"))).isFalse();
        assertThat(VersionRange.parse("=2.3").contains(v("2.3.0"))).isTrue();
        assertThat(VersionRange.parse("=2.3").contains(v("2.3.1"))).isFalse();
        assertThat(VersionRange.parse("<2.0").contains(v("1.10"))).isTrue();
        assertThat(VersionRange.parse(">1").example()).contains(v("1.1"));
        assertThat(VersionRange.parse(">1 <1.0.1").example()).contains(v("1.0.0.1"));
        assertThat(VersionRange.parse("<2.0").intersection(VersionRange.parse(">=2"))).isEmpty();
        assertThat(VersionRange.parse("<=2.0").intersection(VersionRange.parse(">=2")).flatMap(VersionRange::example))
                .contains(v("2.0"));
    }

    @Test
    void aBadRangeSaysWhatIsWrong() {
        assertThatThrownBy(() -> VersionRange.parse("2.0")).hasMessageContaining("has no comparison");
        assertThatThrownBy(() -> VersionRange.parse("<2.x")).hasMessageContaining("'2.x' in version range \"<2.x\" is not a dotted version");
        assertThatThrownBy(() -> VersionRange.parse("=>2")).hasMessageContaining("'>2' in version range");
        assertThatThrownBy(() -> VersionRange.parse(">=3 <2")).hasMessage("no version is in the range \">=3 <2\"");
        assertThatThrownBy(() -> VersionRange.parse("<0")).hasMessage("no version is in the range \"<0\"");
        assertThatThrownBy(() -> VersionRange.parse(" ")).hasMessage("the version range is empty");
    }
}
