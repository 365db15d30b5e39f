package dev.hearth.home.adapter.in.rest;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletRequest;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
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

        new ArrivalFilter().doFilter(request, null, (req, res) -> { });
        assertThat(request.getAttribute(Arrival.QUEUED)).isEqualTo(Duration.ZERO);

        request.setAttribute(Arrival.QUEUED, Duration.ofMillis(42));
        assertThat(Arrival.queued(request)).isEqualTo(Duration.ofMillis(42));
    }
}
