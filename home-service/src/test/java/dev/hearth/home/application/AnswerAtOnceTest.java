package dev.hearth.home.application;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hearth.home.application.port.in.AppClient;
import dev.hearth.home.application.port.in.LateRequestException;
import dev.hearth.home.application.port.in.ScreenQuery;
import dev.hearth.home.migration.LogBudget;
import dev.hearth.home.observability.CapturedLogs;
import dev.hearth.ports.domain.model.CustomerId;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Which requests are answered at once instead of built late (docs/adr/031-answer-on-time.md). */
class AnswerAtOnceTest {
    static final Duration HOME_BUDGET = Duration.ofMillis(800);
    /** The log budget's clock: a second passes only when a test says so. */
    final AtomicLong nanos = new AtomicLong();
    final AnswerAtOnce shipped = new AnswerAtOnce(ms(100), ms(100),
            new LogBudget(nanos::get, Duration.ofSeconds(1))::take);

    static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    static ScreenQuery waited(String requestId, Duration waited) {
        return new ScreenQuery("home", new CustomerId("alice"), requestId, "token", Map.of(), Optional.empty(),
                Optional.empty(), AppClient.UNKNOWN, waited, waited);
    }

    /** A request that queued {@code queued} before Hearth's code began it, and waited {@code waited} in all. */
    static ScreenQuery queued(String requestId, Duration queued, Duration waited) {
        return new ScreenQuery("home", new CustomerId("alice"), requestId, "token", Map.of(), Optional.empty(),
                Optional.empty(), AppClient.UNKNOWN, waited, queued);
    }

    @Test
    void onlyTheTimeQueuedBeforeHearthsCodeBeganTheRequestDecidesNotHearthsOwnAuthenticationAndJersey() {
        // a fresh instance: 5 ms in the queue, then 140 ms of cold Jersey and a token check (a key-set fetch)
        assertThatCode(() -> shipped.check(queued("r-1", ms(5), ms(145)), HOME_BUDGET)).doesNotThrowAnyException();
        assertThatCode(() -> shipped.check(queued("r-2", ms(40), ms(700)), ms(150))).doesNotThrowAnyException();
        assertThatThrownBy(() -> shipped.check(queued("r-3", ms(101), ms(102)), HOME_BUDGET))
                .isInstanceOf(LateRequestException.class);
    }

    @Test
    void aScreenWhoseWholeBudgetIsAtMostTheMinimumLeftIsNotRefusedForIt() {
        assertThatCode(() -> shipped.check(waited("r-1", Duration.ZERO), ms(100))).doesNotThrowAnyException();
        assertThatCode(() -> shipped.check(waited("r-2", ms(60)), ms(80))).doesNotThrowAnyException();
        // the wait limit still applies to it
        assertThatThrownBy(() -> shipped.check(waited("r-3", ms(101)), ms(80)))
                .isInstanceOfSatisfying(LateRequestException.class, late ->
                        assertThat(late.reason()).isEqualTo(LateRequestException.Reason.WAITED));
        // a budget just above the minimum: the rule applies
        assertThatThrownBy(() -> shipped.check(waited("r-4", ms(2)), ms(101)))
                .isInstanceOfSatisfying(LateRequestException.class, late ->
                        assertThat(late.reason()).isEqualTo(LateRequestException.Reason.BUDGET_LEFT));
    }

    @Test
    void theWaitIsSaidInWholeMillisRoundedUpSoItReadsLongerThanTheLimit() {
        assertThatThrownBy(() -> shipped.check(waited("r-1", ms(100).plusNanos(300_000)), HOME_BUDGET))
                .isInstanceOfSatisfying(LateRequestException.class, late ->
                        assertThat(late.budget()).isEqualTo(HOME_BUDGET))
                .hasMessageStartingWith("This request waited 101 ms before Hearth could begin it, longer than "
                        + "overload.answerAtOnceAfter (100 ms)");
    }

    @Test
    void aRequestThatWaitedUpToTheLimitIsBuilt() {
        assertThatCode(() -> shipped.check(waited("r-1", Duration.ZERO), HOME_BUDGET)).doesNotThrowAnyException();
        assertThatCode(() -> shipped.check(waited("r-2", ms(100)), HOME_BUDGET)).doesNotThrowAnyException();
    }

    @Test
    void aRequestThatWaitedLongerIsAnsweredAtOnceSayingWhyAndWhenToRetry() {
        assertThatThrownBy(() -> shipped.check(waited("r-1", ms(101)), HOME_BUDGET))
                .isInstanceOfSatisfying(LateRequestException.class, late -> {
                    assertThat(late.reason()).isEqualTo(LateRequestException.Reason.WAITED);
                    assertThat(late.retryAfter()).isEqualTo(Duration.ofSeconds(1));
                })
                .hasMessage("This request waited 101 ms before Hearth could begin it, longer than "
                        + "overload.answerAtOnceAfter (100 ms): Hearth is overloaded and answers at once rather than "
                        + "late. Try again in 1 s (Retry-After).");
    }

    @Test
    void aRequestWithTooLittleLeftOfAShortBudgetIsAnsweredAtOnce() {
        assertThatCode(() -> shipped.check(waited("r-1", ms(50)), ms(150))).doesNotThrowAnyException();
        assertThatThrownBy(() -> shipped.check(waited("r-2", ms(51)), ms(150)))
                .isInstanceOfSatisfying(LateRequestException.class, late ->
                        assertThat(late.reason()).isEqualTo(LateRequestException.Reason.BUDGET_LEFT))
                .hasMessageStartingWith("Only 99 ms was left of the 150 ms budget of screen 'home' when Hearth could "
                        + "begin this request (it waited 51 ms), less than overload.minimumBudgetLeft (100 ms)");
    }

    @Test
    void zeroTurnsEachRuleOff() {
        AnswerAtOnce noWaitLimit = new AnswerAtOnce(Duration.ZERO, ms(100), key -> java.util.OptionalLong.empty());
        assertThatCode(() -> noWaitLimit.check(waited("r-1", ms(600)), HOME_BUDGET)).doesNotThrowAnyException();
        assertThatThrownBy(() -> noWaitLimit.check(waited("r-2", ms(701)), HOME_BUDGET))
                .isInstanceOf(LateRequestException.class);
        assertThatCode(() -> AnswerAtOnce.OFF.check(waited("r-3", Duration.ofSeconds(10)), HOME_BUDGET))
                .doesNotThrowAnyException();
    }

    @Test
    void aNegativeSettingIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> new AnswerAtOnce(ms(-1), ms(100), key -> java.util.OptionalLong.empty()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("overload.answerAtOnceAfter must be 0 (off) or more, got -1 ms");
    }

    @Test
    void aFloodIsLoggedOnceASecondPerReasonSayingHowManyWereLeftOut() {
        try (CapturedLogs logs = CapturedLogs.start(Map.of())) {
            for (int i = 0; i < 5; i++) {
                String id = "r-" + i;
                assertThatThrownBy(() -> shipped.check(waited(id, ms(300)), HOME_BUDGET))
                        .isInstanceOf(LateRequestException.class);
            }
            nanos.addAndGet(Duration.ofSeconds(1).toNanos());
            assertThatThrownBy(() -> shipped.check(waited("r-5", ms(300)), HOME_BUDGET))
                    .isInstanceOf(LateRequestException.class);

            assertThat(logs.lines()).filteredOn(line -> line.logger().equals(AnswerAtOnce.class.getName()))
                    .extracting(line -> line.level() + " " + line.text())
                    .containsExactly("WARN Request r-0 for screen 'home' answered at once (waited): This request "
                                    + "waited 300 ms before Hearth could begin it, longer than overload.answerAtOnceAfter "
                                    + "(100 ms). Hearth is overloaded: /v1/home goes to legacy while it has room, the "
                                    + "rest get 503 with Retry-After (docs/RUNBOOK.md, \"Requests answered at once\")",
                            "WARN Request r-5 for screen 'home' answered at once (waited): This request "
                                    + "waited 300 ms before Hearth could begin it, longer than overload.answerAtOnceAfter "
                                    + "(100 ms). Hearth is overloaded: /v1/home goes to legacy while it has room, the "
                                    + "rest get 503 with Retry-After (docs/RUNBOOK.md, \"Requests answered at once\") "
                                    + "[4 more like it since the last such line, not logged]");
        }
    }
}
