package dev.hearth.home.adapter.in.rest;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SingleAuthorizationFilterTest {
    @Test
    void noneOrOneAuthorizationHeaderPassesMoreThanOneIsRefused() {
        assertThat(SingleAuthorizationFilter.moreThanOne(null)).isFalse();
        assertThat(SingleAuthorizationFilter.moreThanOne(List.of("Bearer a"))).isFalse();
        assertThat(SingleAuthorizationFilter.moreThanOne(List.of("Bearer a", "Bearer b"))).isTrue();
        assertThat(SingleAuthorizationFilter.moreThanOne(List.of("Bearer a", "Bearer a"))).as("even the same one twice")
                .isTrue();
        assertThat(SingleAuthorizationFilter.moreThanOne(List.of("Bearer a", ""))).as("even an empty second one")
                .isTrue();
    }
}
