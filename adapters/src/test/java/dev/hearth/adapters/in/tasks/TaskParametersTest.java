package dev.hearth.adapters.in.tasks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TaskParametersTest {

    @Test
    void aParameterGivenOnceIsItsValueAndAnAbsentOneIsNull() {
        assertThat(TaskParameters.single(Map.of("port", List.of("banners")), "port")).isEqualTo("banners");
        assertThat(TaskParameters.single(Map.of(), "port")).isNull();
    }

    @Test
    void aParameterGivenTwiceIsRefusedNamingItAndItsValues() {
        // Regression: port=banners&port=profile applied to banners only, and said nothing.
        assertThatThrownBy(() -> TaskParameters.single(Map.of("port", List.of("banners", "profile")), "port"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("port is given 2 times [banners, profile]; give it once");
    }

    @Test
    void aFlagIsTrueOrFalseAndNothingElse() {
        assertThat(TaskParameters.flag(Map.of("hang", List.of("true")), "hang")).isTrue();
        assertThat(TaskParameters.flag(Map.of(), "hang")).isFalse();
        assertThatThrownBy(() -> TaskParameters.flag(Map.of("hang", List.of("yes")), "hang"))
                .hasMessage("hang must be true or false, not 'yes'");
        assertThatThrownBy(() -> TaskParameters.flag(Map.of("hang", List.of("true", "false")), "hang"))
                .hasMessageContaining("hang is given 2 times");
    }

    @Test
    void anUnknownParameterIsRefusedListingTheTasksOwn() {
        assertThatThrownBy(() -> TaskParameters.only(Map.of("percnt", List.of("0")), "rollout", List.of("percent")))
                .hasMessage("rollout has no parameter 'percnt'; its parameters are [percent] (names are case-sensitive)");
    }
}
