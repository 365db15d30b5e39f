package dev.hearth.ports.domain.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TraceParentTest {
    static final String CALLERS = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aWellFormedTraceparentIsRead() {
        assertThat(TraceParent.parse(CALLERS))
                .contains(new TraceParent("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7", "01"));
        assertThat(TraceParent.parse(" " + CALLERS + " ")).as("surrounding blanks").isPresent();
        assertThat(TraceParent.parse("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00-future"))
                .as("a later version may append fields").isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"})
    void aMalformedOneIsIgnored(String header) {
        assertThat(TraceParent.parse(header)).isEmpty();
        assertThat(TraceParent.parse(null)).isEmpty();
    }

    @Test
    void aChildKeepsTheTraceAndFlagsWithASpanIdOfItsOwn() {
        TraceParent parent = TraceParent.parse("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00").orElseThrow();

        TraceParent child = parent.child();

        assertThat(child.traceId()).isEqualTo(parent.traceId());
        assertThat(child.flags()).isEqualTo("00");
        assertThat(child.spanId()).isNotEqualTo(parent.spanId()).isNotEqualTo(parent.child().spanId());
        assertThat(child.header()).matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-00");
        assertThat(TraceParent.parse(child.header())).contains(child);
    }

    @Test
    void aNewTraceIsSampledAndReadsBackAsItself() {
        TraceParent trace = TraceParent.newTrace();

        assertThat(trace.header()).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
        assertThat(TraceParent.parse(trace.header())).contains(trace);
        assertThat(TraceParent.newTrace().traceId()).isNotEqualTo(trace.traceId());
    }

    @Test
    void anInvalidIdIsRefusedSayingWhatIsWrong() {
        assertThatThrownBy(() -> new TraceParent("4BF92F3577B34DA6A3CE929D0E0E4736", "00f067aa0ba902b7", "01"))
                .hasMessage("traceId must be 32 lowercase hex digits, not '4BF92F3577B34DA6A3CE929D0E0E4736'");
        assertThatThrownBy(() -> new TraceParent("4bf92f3577b34da6a3ce929d0e0e4736", "0000000000000000", "01"))
                .hasMessage("spanId must not be all zeros (W3C Trace Context: an invalid id)");
    }
}
