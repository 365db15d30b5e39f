package dev.hearth.home.adapter.in.rest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceContextFilterTest {
    @Test
    void aWellFormedTraceparentIsContinued() {
        assertThat(TraceContextFilter.accept("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"))
                .contains(new TraceContextFilter.Parent("4bf92f3577b34da6a3ce929d0e0e4736", "01"));
        assertThat(TraceContextFilter.accept("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-future"))
                .as("a later version may append fields").isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"})
    void aMalformedOneStartsANewTrace(String header) {
        assertThat(TraceContextFilter.accept(header)).isEmpty();
    }
}
