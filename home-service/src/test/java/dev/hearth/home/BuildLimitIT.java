package dev.hearth.home;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.hearth.home.AnswerAtOnceIT.Answer;
import dev.hearth.home.testing.HearthApp;
import dev.hearth.home.testing.Http;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The limit on screen requests in Hearth's hands at once, end to end over real HTTP with the sandbox
 * (docs/adr/032-limit-on-screens-built-at-once.md): two at a time here (the adaptive limit pinned: minLimit =
 * maxLimit, initialLimit left out is minLimit), banners hanging so each home Hearth builds takes its 250 ms banners
 * timeout. A burst of twenty: two are built, the rest wait for room at most {@code overload.answerAtOnceAfter}
 * (100 ms), then are answered at once, two homes at a time by legacy ({@code lateToLegacy}), the others 503
 * {@code overloaded} with {@code Retry-After} from the first filter. Every answer comes within the budget + 100 ms (and
 * a margin for a busy 2-core machine). Without the limit all twenty are built (nothing queues in this test's server: no
 * 503, no legacy).
 */
class BuildLimitIT {
    @RegisterExtension
    static final HearthApp APP = HearthApp.onTestConfig()
            .override("overload.answerAtOnceAfter", "100ms")
            .override("overload.minimumBudgetLeft", "100ms")
            .override("overload.concurrency.minLimit", "2")
            .override("overload.concurrency.maxLimit", "2")
            .override("overload.concurrency.lateToLegacy", "2");

    static final int BURST = 20;
    static final Duration ON_TIME = AnswerAtOnceIT.ON_TIME;
    static final String UNAVAILABLE = AnswerAtOnceIT.UNAVAILABLE;
    static final String LATE = AnswerAtOnceIT.LATE;

    @BeforeAll
    static void warmUp() {
        for (int i = 0; i < 3; i++) {
            APP.get("/v1/home", "alice");
            APP.get("/v1/screens/home", "alice");
        }
    }

    @AfterEach
    void reset() {
        APP.sandboxReset();
    }

    static List<Answer> burst(String path, int n) throws Exception {
        return AnswerAtOnceIT.burst(APP, "limit-" + Math.abs(path.hashCode()), path, n);
    }

    /** The 503 the first filter answers, before authentication and Jersey: the same problem as Jersey's late one. */
    static void assertNoRoom503(Answer answer) {
        AnswerAtOnceIT.assertFast503(answer); // status, problem+json, Retry-After: 1, type, the closing sentence
        HttpResponse<String> response = answer.response();
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        JsonNode problem = Http.body(response, 503);
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("detail").asText()).contains("for room among the 2 screen requests Hearth takes at once")
                .contains("overload.answerAtOnceAfter (100 ms)").contains("Try again in 1 s (Retry-After)");
        assertThat(problem.get("requestId").asText()).startsWith("limit-")
                .isEqualTo(response.headers().firstValue("X-Request-Id").orElseThrow());
    }

    @Test
    void aBurstOfHomesBeyondTheLimitIsAnsweredAtOnceByLegacyTwoAtATimeElseA503FromTheFirstFilter() throws Exception {
        APP.sandboxFault("banners", "hang", "true");
        long unavailableBefore = APP.counter(UNAVAILABLE);
        long lateBefore = APP.counter(LATE);

        List<Answer> answers = burst("/v1/home", BURST);

        assertThat(answers).allSatisfy(a -> assertThat(a.took()).as("answered within budget + 100 ms (+ margin)")
                .isLessThan(ON_TIME));
        assertThat(answers).extracting(Answer::status).allSatisfy(s -> assertThat(s).isIn(200, 503));
        long built = answers.stream().filter(a -> a.servedBy().equals("hearth")).count();
        List<Answer> byLegacy = answers.stream().filter(a -> a.servedBy().equals("legacy-fallback")).toList();
        List<Answer> refused = answers.stream().filter(a -> a.status() == 503).toList();
        assertThat(built).as("the two with room are built; the rest found none within 100 ms").isBetween(2L, 6L);
        assertThat(byLegacy).as("late homes answered by legacy, at most two at a time").isNotEmpty()
                .allSatisfy(a -> assertThat(a.status()).isEqualTo(200));
        assertThat(refused).as("the rest").hasSizeGreaterThanOrEqualTo(BURST / 2)
                .allSatisfy(BuildLimitIT::assertNoRoom503);
        assertThat(APP.counter(UNAVAILABLE) - unavailableBefore).as("counted as fast 503s").isEqualTo(refused.size());
        assertThat(APP.counter(LATE) - lateBefore).as("counted as late fallbacks").isEqualTo(byLegacy.size());
        String metrics = APP.prometheus();
        assertThat(metrics).contains("hearth_overload_limit 2.0").contains("hearth_overload_in_flight 0.0");

        APP.sandboxReset();
        assertThat(APP.get("/v1/home", "alice").statusCode()).as("room again: built").isEqualTo(200);
    }

    @Test
    void otherScreensHaveNoLegacyTheirRequestsBeyondTheLimitGetThe503() throws Exception {
        APP.sandboxFault("banners", "hang", "true");
        long unavailableBefore = APP.counter(UNAVAILABLE);

        List<Answer> answers = burst("/v1/screens/home", BURST);

        assertThat(answers).allSatisfy(a -> assertThat(a.took()).isLessThan(ON_TIME));
        List<Answer> refused = answers.stream().filter(a -> a.status() == 503).toList();
        assertThat(refused).hasSizeGreaterThanOrEqualTo(BURST / 2).allSatisfy(BuildLimitIT::assertNoRoom503);
        assertThat(answers.stream().filter(a -> a.status() == 200).count()).isBetween(2L, 6L);
        assertThat(APP.counter(UNAVAILABLE) - unavailableBefore).isEqualTo(refused.size());
    }
}
