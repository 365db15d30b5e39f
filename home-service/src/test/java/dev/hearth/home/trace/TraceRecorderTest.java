package dev.hearth.home.trace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.dsl.Reason;
import dev.hearth.dsl.ScreenFailure;
import dev.hearth.dsl.ScreenResult;
import dev.hearth.dsl.SectionResult;
import dev.hearth.dsl.spi.CallRecord;
import dev.hearth.home.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TraceRecorderTest {
    final FakeClock clock = new FakeClock(Instant.parse("2026-11-21T10:00:00Z"));

    @Test
    void aDegradedRequestIsKeptWithEveryCallItMade() {
        TraceRecorder recorder = new TraceRecorder(clock, new TraceRecorder.Limits(0, 10, 10, 10));
        Instant start = clock.instant();

        recorder.started("r1", "home");
        recorder.callFinished(call("r1", "profile", start, 40, 250, true));
        recorder.callFinished(call("r1", "banners", start, 250, 250, false));
        clock.advance(Duration.ofMillis(260));
        recorder.finished("r1", ScreenResult.of("home", List.of(SectionResult.ok("profile", "p"),
                SectionResult.fallback("banners", List.of(), Reason.TIMEOUT)), Optional.empty()));

        Trace trace = recorder.trace("r1").orElseThrow();
        assertThat(trace.duration()).isEqualTo(Duration.ofMillis(260));
        assertThat(trace.complete()).isFalse();
        assertThat(trace.degraded()).isEqualTo(1);
        assertThat(trace.calls()).extracting(CallRecord::port).containsExactly("profile", "banners");

        TraceJson.Call banners = TraceJson.detail(trace).calls().stream()
                .filter(c -> c.port().equals("banners")).findFirst().orElseThrow();
        assertThat(banners.outcome()).isEqualTo("TIMEOUT");
        assertThat(banners.endMs()).isEqualTo(250.0).isEqualTo(banners.deadlineMs());
    }

    @Test
    void aFastCompleteRequestIsNotKeptOnceSlowerOnesFillTheSlowList() {
        TraceRecorder recorder = new TraceRecorder(clock, new TraceRecorder.Limits(1, 10, 10, 10));
        run(recorder, "slow", 500);
        run(recorder, "fast", 5);

        assertThat(recorder.traces()).extracting(Trace::requestId).containsExactly("slow");
    }

    @Test
    void theOldestRequestInFlightIsDroppedForANewOne() {
        TraceRecorder recorder = new TraceRecorder(clock, new TraceRecorder.Limits(10, 10, 2, 10));
        recorder.started("a", "home");
        recorder.started("b", "home");
        recorder.started("c", "home");
        for (String id : List.of("a", "b", "c")) {
            recorder.finished(id, ScreenResult.of("home", List.of(), Optional.empty()));
        }

        assertThat(recorder.traces()).extracting(Trace::requestId).containsExactlyInAnyOrder("b", "c");
    }

    @Test
    void callsBeyondThePerRequestLimitAreCountedNotKept() {
        TraceRecorder recorder = new TraceRecorder(clock, new TraceRecorder.Limits(10, 10, 10, 2));
        Instant start = clock.instant();
        recorder.started("r", "home");
        for (int i = 0; i < 5; i++) {
            recorder.callFinished(call("r", "cardDetails", start, 10, 400, true));
        }
        recorder.finished("r", ScreenResult.of("home", List.of(), Optional.empty()));

        Trace trace = recorder.trace("r").orElseThrow();
        assertThat(trace.calls()).hasSize(2);
        assertThat(trace.droppedCalls()).isEqualTo(3);
        assertThat(TraceJson.summary(trace).calls()).isEqualTo(5);
    }

    @Test
    void aCallReportedAfterTheRequestAnsweredJoinsItsKeptTrace() {
        TraceRecorder recorder = new TraceRecorder(clock, new TraceRecorder.Limits(10, 10, 10, 10));
        Instant start = clock.instant();
        recorder.started("r", "home");
        clock.advance(Duration.ofMillis(30));
        recorder.finished("r", ScreenResult.of("home", List.of(SectionResult.failed("profile", Reason.ERROR)),
                Optional.of(new ScreenFailure("profile", Reason.ERROR, false, "profile failed"))));
        recorder.callFinished(call("r", "banners", start, 35, 250, false));
        recorder.callFinished(call("unknown", "banners", start, 35, 250, false));

        Trace trace = recorder.trace("r").orElseThrow();
        assertThat(trace.failure()).hasValueSatisfying(f -> assertThat(f).contains("profile"));
        assertThat(trace.calls()).extracting(CallRecord::port).containsExactly("banners");
        assertThat(recorder.trace("unknown")).isEmpty();
    }

    @Test
    void aRequestTheEngineThrewOnIsKeptAsFailed() {
        TraceRecorder recorder = new TraceRecorder(clock, new TraceRecorder.Limits(0, 10, 10, 10));
        recorder.started("r", "home");
        recorder.abandoned("r", new IllegalStateException("boom"));

        assertThat(recorder.trace("r").orElseThrow().failure()).hasValueSatisfying(f -> assertThat(f).contains("boom"));
    }

    private void run(TraceRecorder recorder, String requestId, long millis) {
        recorder.started(requestId, "home");
        clock.advance(Duration.ofMillis(millis));
        recorder.finished(requestId, ScreenResult.of("home", List.of(SectionResult.ok("profile", "p")), Optional.empty()));
    }

    /** A call that started at the request's start and ended {@code endMs} later, with its deadline at {@code deadlineMs}. */
    static CallRecord call(String requestId, String port, Instant start, long endMs, long deadlineMs, boolean ok) {
        return new CallRecord(requestId, "home", port, port, start, start.plusMillis(endMs), start.plusMillis(deadlineMs),
                ok, ok ? Optional.empty() : Optional.of(Reason.TIMEOUT));
    }
}
