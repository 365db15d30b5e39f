package dev.hearth.adapters.out.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.hearth.adapters.out.http.DownstreamStub.context;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.DownstreamException.Kind;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A downstream that says when to come back ({@code Retry-After} on 503/429) is heard, in both of the header's forms. */
class RetryAfterTest {
    private static final String PATH = "/thing";
    private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

    @RegisterExtension
    static final DownstreamStub STUB = new DownstreamStub();

    record Thing(String id) {
    }

    private final JsonHttp http = new JsonHttp("thingService", STUB.client, STUB.baseUrl(), DownstreamStub.DEADLINE, STUB.mapper,
            JsonHttp.DEFAULT_MAX_BODY_BYTES, Clock.fixed(NOW, ZoneOffset.UTC));

    @ParameterizedTest(name = "{0} Retry-After: {1} -> {2} ms")
    @CsvSource(delimiter = '|', value = {
            "503 | 2                             | 2000",
            "429 | 0                             | 0",
            "503 | Sat, 21 Nov 2026 10:00:30 GMT | 30000",
            "503 | Sat, 21 Nov 2026 09:59:00 GMT | 0",
            "429 | 99999999                      | 86400000"})
    void retryAfterIsCarriedOnTheFailure(int status, String header, long millis) {
        STUB.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Retry-After", header).withBody("busy")));

        DownstreamException e = failure();

        assertThat(e.kind()).isEqualTo(Kind.UNAVAILABLE);
        assertThat(e.retryAfter()).contains(Duration.ofMillis(millis));
        assertThat(e.getMessage()).contains("answered " + status);
    }

    @ParameterizedTest(name = "{0} Retry-After: ''{1}'' is ignored")
    @CsvSource(delimiter = '|', value = {"503 | soon", "503 | -5", "500 | 2", "404 | 2"})
    void retryAfterIsIgnoredWhenMalformedOrOnAnotherStatus(int status, String header) {
        STUB.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(status)
                .withHeader("Retry-After", header)));

        assertThat(failure().retryAfter()).isEmpty();
    }

    @Test
    void noHeaderNoRetryAfterAndTheConnectionIsStillReused() throws Exception {
        STUB.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(aResponse().withStatus(503)));
        assertThat(failure().retryAfter()).isEqualTo(Optional.empty());

        STUB.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson("{\"id\":\"a\"}")));
        assertThat(http.get(context("alice"), PATH, Thing.class, Thing::id)).isEqualTo("a");
    }

    private DownstreamException failure() {
        try {
            Object value = http.get(context("alice"), PATH, Thing.class, Thing::id);
            throw new AssertionError("expected a DownstreamException, got " + value);
        } catch (DownstreamException e) {
            return e;
        }
    }
}
