package dev.hearth.home.adapter.in.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.codahale.metrics.Counter;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** How long a request waited, for a request Jetty did not make (docs/adr/031-answer-on-time.md). */
class ArrivalTest {
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

    @Test
    void aRequestJettyDidNotMakeHasWaitedForNothingRatherThanFailing() {
        assertThat(Arrival.waited(notJettys())).isEqualTo(Duration.ZERO);
        assertThat(Arrival.waited(null)).isEqualTo(Duration.ZERO);
    }

    @Test
    void queuedIsWhatTheFirstFilterNotedAndNothingWhenItDidNot() throws Exception {
        ServletRequest request = notJettys();
        assertThat(Arrival.queued(request)).isEqualTo(Duration.ZERO);

        new ArrivalFilter(BuildLimit.OFF, Duration.ofMillis(100), 0, new Counter(), key -> OptionalLong.empty()).doFilter(request, null, (req, res) -> { });
        assertThat(request.getAttribute(Arrival.QUEUED)).isEqualTo(Duration.ZERO);

        request.setAttribute(Arrival.QUEUED, Duration.ofMillis(42));
        assertThat(Arrival.queued(request)).isEqualTo(Duration.ofMillis(42));
    }

    /** A servlet request for {@code uri} under the context path {@code context}. */
    static HttpServletRequest at(String context, String uri) {
        return (HttpServletRequest) Proxy.newProxyInstance(ArrivalTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestURI" -> context + uri;
                    case "getContextPath" -> context;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void onlyTheRequestsThatBuildAScreenAreLimited() {
        assertThat(ArrivalFilter.screenPath(at("", "/v1/home"))).isEqualTo("/v1/home");
        assertThat(ArrivalFilter.screenPath(at("", "/v1/screens/home"))).isEqualTo("/v1/screens/home");
        assertThat(ArrivalFilter.screenPath(at("/api", "/v1/screens/account-detail/sections/activities")))
                .isEqualTo("/v1/screens/account-detail/sections/activities");
        assertThat(ArrivalFilter.screenPath(at("", "/openapi.yaml"))).as("the API's description").isNull();
        assertThat(ArrivalFilter.screenPath(at("", "/v1/homes"))).isNull();
        assertThat(ArrivalFilter.screenPath(at("", "/v1/screens"))).isNull();
        assertThat(ArrivalFilter.screenPath(notJettys())).as("not an HTTP request").isNull();
    }

    /** A request for {@code uri} that carries attributes, as the filter needs. */
    static HttpServletRequest screenRequest(String uri) {
        Map<String, Object> attributes = new HashMap<>();
        return (HttpServletRequest) Proxy.newProxyInstance(ArrivalTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestURI" -> uri;
                    case "getContextPath" -> "";
                    case "getAttribute" -> attributes.get((String) args[0]);
                    case "setAttribute" -> attributes.put((String) args[0], args[1]);
                    case "toString" -> "GET " + uri;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aRequestLetInHoldsItsRoomUntilAnsweredOrFailedThenGivesItBack() throws Exception {
        BuildLimit limit = BuildLimit.fixed(1);
        ArrivalFilter filter = new ArrivalFilter(limit, Duration.ofMillis(100), 0, new Counter(),
                key -> OptionalLong.empty());
        int[] inFlightDuring = new int[1];

        filter.doFilter(screenRequest("/v1/home"), null, (req, res) -> inFlightDuring[0] = limit.inFlight());
        assertThat(inFlightDuring[0]).as("held while the chain ran").isEqualTo(1);
        assertThat(limit.inFlight()).as("given back once answered").isZero();

        assertThatThrownBy(() -> filter.doFilter(screenRequest("/v1/screens/home"), null, (req, res) -> {
            throw new IllegalStateException("the resource failed");
        })).hasMessage("the resource failed");
        assertThat(limit.inFlight()).as("given back when the chain failed").isZero();
    }
}
