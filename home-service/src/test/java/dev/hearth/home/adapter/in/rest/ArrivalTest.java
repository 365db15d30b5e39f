package dev.hearth.home.adapter.in.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.Counter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The API's first filter: how long a request waited, and the room it takes under the limit on screen requests in
 * Hearth's hands (docs/adr/031-answer-on-time.md, docs/adr/032-limit-on-screens-built-at-once.md). Requests and
 * responses here are plain fakes (not Jetty's: they have waited for nothing before the filter); the limit is real.
 */
class ArrivalTest {
    static final Duration AFTER = Duration.ofMillis(20);

    /** A servlet request that is not Jetty's (as a framework's own, or a test's, would be): attributes only. */
    static ServletRequest notJettys() {
        Map<String, Object> attributes = new HashMap<>();
        return (ServletRequest) Proxy.newProxyInstance(ArrivalTest.class.getClassLoader(),
                new Class<?>[] {ServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "toString" -> "a request Jetty did not make";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A request whose servlet path and path info are as a container decoded them; attributes kept. */
    static HttpServletRequest at(String servletPath, String pathInfo) {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(ArrivalTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getServletPath" -> servletPath;
                    case "getPathInfo" -> pathInfo;
                    case "getRequestURI" -> servletPath + (pathInfo == null ? "" : pathInfo);
                    case "getHeader" -> "X-Request-Id".equals(args[0]) ? "req-1" : null;
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "toString" -> "GET " + servletPath + pathInfo;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    static HttpServletRequest screen(String path) {
        return at("", path);
    }

    /** A response that keeps what is set on it. */
    static final class Written {
        int status = 200;
        final Map<String, String> headers = new HashMap<>();
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                ArrivalTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "setStatus" -> {
                        status = (Integer) args[0];
                        yield null;
                    }
                    case "getStatus" -> status;
                    case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                    case "getHeader" -> headers.get((String) args[0]);
                    case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                    case "getOutputStream" -> new ServletOutputStream() {
                        @Override
                        public void write(int b) {
                            body.write(b);
                        }

                        @Override
                        public boolean isReady() {
                            return true;
                        }

                        @Override
                        public void setWriteListener(WriteListener listener) {
                        }
                    };
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        JsonNode problem() throws Exception {
            return new ObjectMapper().readTree(body.toByteArray());
        }
    }

    final Counter unavailable = new Counter();

    ArrivalFilter filter(BuildLimit limit, int lateToLegacy) {
        return new ArrivalFilter(limit, AFTER, lateToLegacy, unavailable, key -> OptionalLong.of(0));
    }

    @Test
    void aRequestJettyDidNotMakeHasWaitedForNothingRatherThanFailing() {
        assertThat(Arrival.waited(notJettys())).isEqualTo(Duration.ZERO);
        assertThat(Arrival.waited(null)).isEqualTo(Duration.ZERO);
    }

    @Test
    void queuedIsWhatTheFirstFilterNotedAndNothingWhenItDidNot() throws Exception {
        ServletRequest request = notJettys();
        assertThat(Arrival.queued(request)).isEqualTo(Duration.ZERO);

        filter(BuildLimit.OFF, 0).doFilter(request, null, (req, res) -> { });
        assertThat(request.getAttribute(Arrival.QUEUED)).isEqualTo(Duration.ZERO);

        request.setAttribute(Arrival.QUEUED, Duration.ofMillis(42));
        assertThat(Arrival.queued(request)).isEqualTo(Duration.ofMillis(42));
    }

    @Test
    void onlyTheRequestsThatBuildAScreenAreLimited() {
        assertThat(ArrivalFilter.screenPath(at("", "/v1/home"))).isEqualTo("/v1/home");
        assertThat(ArrivalFilter.screenPath(at("", "/v1/home/"))).as("Jersey ignores a trailing /").isEqualTo("/v1/home");
        assertThat(ArrivalFilter.screenPath(at("", "/v1/screens/home"))).isEqualTo("/v1/screens/home");
        assertThat(ArrivalFilter.screenPath(at("/api", "/v1/screens/account-detail/sections/activities")))
                .as("under another servlet path").isEqualTo("/v1/screens/account-detail/sections/activities");
        assertThat(ArrivalFilter.screenPath(at("/v1/home", null))).as("a servlet mapped exactly").isEqualTo("/v1/home");
        assertThat(ArrivalFilter.screenPath(at("", "/openapi.yaml"))).as("the API's description").isNull();
        assertThat(ArrivalFilter.screenPath(at("", "/v1/homes"))).isNull();
        assertThat(ArrivalFilter.screenPath(at("", "/v1/screens"))).isNull();
        assertThat(ArrivalFilter.screenPath(notJettys())).as("not an HTTP request").isNull();
    }

    @Test
    void aRequestLetInHoldsItsRoomUntilItsProcessingReturnsOrFailsThenGivesItBack() throws Exception {
        BuildLimit limit = BuildLimit.fixed(1);
        int[] inFlightDuring = new int[1];

        filter(limit, 0).doFilter(screen("/v1/home"), new Written().response,
                (req, res) -> inFlightDuring[0] = limit.inFlight());
        assertThat(inFlightDuring[0]).as("held while the chain ran").isEqualTo(1);
        assertThat(limit.inFlight()).as("given back once answered").isZero();

        assertThatThrownBy(() -> filter(limit, 0).doFilter(screen("/v1/screens/home"), new Written().response,
                (req, res) -> {
                    throw new IllegalStateException("the resource failed");
                })).hasMessage("the resource failed");
        assertThat(limit.inFlight()).as("given back when the chain failed").isZero();
    }

    @Test
    void theLimitLearnsOnlyFromAnswersHearthBuilt() throws Exception {
        List<Long> samples = new ArrayList<>();
        BuildLimit limit = BuildLimit.over(BuildLimitTest.recording(10, samples), System::nanoTime);
        ArrivalFilter filter = filter(limit, 0);

        filter.doFilter(screen("/v1/home"), new Written().response,
                (req, res) -> ((HttpServletResponse) res).setHeader("X-Hearth-Served-By", "hearth"));
        filter.doFilter(screen("/v1/screens/home"), new Written().response, (req, res) -> { });
        assertThat(samples).as("a home Hearth built, a screen").hasSize(2);

        filter.doFilter(screen("/v1/home"), new Written().response,
                (req, res) -> ((HttpServletResponse) res).setHeader("X-Hearth-Served-By", "legacy"));
        filter.doFilter(screen("/v1/home"), new Written().response,
                (req, res) -> ((HttpServletResponse) res).setHeader("X-Hearth-Served-By", "legacy-fallback"));
        filter.doFilter(screen("/v1/screens/home"), new Written().response,
                (req, res) -> ((HttpServletResponse) res).setStatus(503));
        filter.doFilter(screen("/v1/screens/home"), new Written().response,
                (req, res) -> ((HttpServletResponse) res).setStatus(401));
        assertThat(samples).as("legacy's homes, a failed screen, a refused token: no sample").hasSize(2);
        assertThat(limit.inFlight()).isZero();
    }

    @Test
    void aScreenRequestWithoutRoomGetsThe503FromTheFilterWithoutReachingHearth() throws Exception {
        BuildLimit limit = BuildLimit.fixed(1);
        BuildLimit.Permit held = limit.acquire(Duration.ofSeconds(30)).orElseThrow();
        Written written = new Written();
        AtomicInteger reached = new AtomicInteger();

        filter(limit, 5).doFilter(screen("/v1/screens/home"), written.response, (req, res) -> reached.incrementAndGet());

        assertThat(reached).as("not authenticated, not built").hasValue(0);
        assertThat(written.status).isEqualTo(503);
        assertThat(written.headers).containsEntry("Retry-After", "1").containsEntry("Cache-Control", "no-store")
                .containsEntry("X-Request-Id", "req-1").containsEntry("Content-Type", "application/problem+json");
        JsonNode problem = written.problem();
        assertThat(problem.get("type").asText()).isEqualTo("https://hearth.dev/problems/overloaded");
        assertThat(problem.get("status").asInt()).isEqualTo(503);
        assertThat(problem.get("requestId").asText()).isEqualTo("req-1");
        assertThat(problem.get("detail").asText()).contains("for room among the 1 screen requests Hearth takes at once")
                .contains("longer than overload.answerAtOnceAfter (20 ms)").contains("Try again in 1 s (Retry-After)");
        assertThat(unavailable.getCount()).isEqualTo(1);
        held.built();
    }

    @Test
    void aRequestWhoseWaitForRoomIsInterruptedGetsThe503SayingTheServerIsStopping() throws Exception {
        BuildLimit limit = BuildLimit.fixed(1);
        BuildLimit.Permit held = limit.acquire(Duration.ofSeconds(30)).orElseThrow();
        Written written = new Written();
        AtomicInteger reached = new AtomicInteger();

        Thread.currentThread().interrupt(); // the server stopping
        try {
            filter(limit, 5).doFilter(screen("/v1/screens/home"), written.response,
                    (req, res) -> reached.incrementAndGet());
        } finally {
            Thread.interrupted();
        }

        assertThat(reached).as("no room: not built").hasValue(0);
        assertThat(written.status).isEqualTo(503);
        assertThat(written.headers).containsEntry("Retry-After", "1");
        assertThat(written.problem().get("detail").asText()).isEqualTo("This request's wait for room among the "
                + "screen requests Hearth takes at once was interrupted: the server is stopping. Try again in 1 s "
                + "(Retry-After).");
        held.built();
    }

    @Test
    void homesWithoutRoomGoOnToLegacyAtMostLateToLegacyAtATimeAndTheirSlotIsGivenBackHoweverTheyEnd()
            throws Exception {
        BuildLimit limit = BuildLimit.fixed(1);
        BuildLimit.Permit held = limit.acquire(Duration.ofSeconds(30)).orElseThrow();
        ArrivalFilter filter = filter(limit, 1);
        CountDownLatch atLegacy = new CountDownLatch(1);
        CountDownLatch legacyAnswers = new CountDownLatch(1);
        FilterChain slowLegacy = (req, res) -> {
            assertThat(Arrival.queued(req)).as("queued past answerAtOnceAfter: answered at once").isGreaterThan(AFTER);
            atLegacy.countDown();
            try {
                legacyAnswers.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("legacy failed");
        };
        Thread first = Thread.ofVirtual().start(() -> {
            try {
                filter.doFilter(screen("/v1/home"), new Written().response, slowLegacy);
            } catch (Exception expected) {
                // legacy failed: the slot must still be given back
            }
        });
        assertThat(atLegacy.await(30, TimeUnit.SECONDS)).isTrue();

        Written second = new Written();
        AtomicInteger reached = new AtomicInteger();
        filter.doFilter(screen("/v1/home"), second.response, (req, res) -> reached.incrementAndGet());
        assertThat(reached).as("one home at legacy already: the second gets the 503 at once").hasValue(0);
        assertThat(second.status).isEqualTo(503);

        legacyAnswers.countDown();
        first.join(TimeUnit.SECONDS.toMillis(30));
        filter.doFilter(screen("/v1/home"), new Written().response, (req, res) -> reached.incrementAndGet());
        assertThat(reached).as("the slot was given back though legacy failed").hasValue(1);
        assertThat(limit.inFlight()).as("none of them took room").isEqualTo(1);
        held.built();
    }
}
