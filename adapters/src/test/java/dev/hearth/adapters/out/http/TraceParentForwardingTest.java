package dev.hearth.adapters.out.http;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.hearth.adapters.out.http.corebanking.CoreBankingHttpAdapter;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.RequestContext;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every downstream call carries the {@code traceparent} its request context holds, as it is: the call's own span,
 * made by OpenTelemetry's propagator in home-service ({@code CallSpansTest} checks it is a child of the request's span,
 * one span id per call).
 */
class TraceParentForwardingTest {
    private static final String PATH = "/core/customers/alice/profile";
    private static final String PROFILE = """
            {"customerId": "alice", "displayName": "Alice Example", "segment": "PREMIUM"}""";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String FIRST_CALL = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";
    private static final String SECOND_CALL = "00-" + TRACE_ID + "-b7ad6b7169203331-01";

    @RegisterExtension
    static final DownstreamStub STUB = DownstreamStub.start();

    @Test
    void eachCallSendsItsOwnTraceparent() throws Exception {
        STUB.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(PROFILE)));
        var adapter = new CoreBankingHttpAdapter(STUB.client, STUB.baseUrl(), DownstreamStub.DEADLINE, STUB.mapper);

        adapter.loadProfile(context(FIRST_CALL), new CustomerId("alice"));
        adapter.loadProfile(context(SECOND_CALL), new CustomerId("alice"));

        List<String> sent = STUB.server.findAll(getRequestedFor(urlPathEqualTo(PATH))).stream()
                .map(request -> request.getHeader("traceparent")).toList();
        assertThat(sent).containsExactly(FIRST_CALL, SECOND_CALL);
    }

    @Test
    void withoutTraceContextNothingIsSent() throws Exception {
        STUB.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(PROFILE)));
        var adapter = new CoreBankingHttpAdapter(STUB.client, STUB.baseUrl(), DownstreamStub.DEADLINE, STUB.mapper);

        adapter.loadProfile(DownstreamStub.context("alice"), new CustomerId("alice"));

        STUB.server.verify(1, getRequestedFor(urlPathEqualTo(PATH)).withHeader("traceparent", absent()));
        List<LoggedRequest> requests = STUB.server.findAll(getRequestedFor(urlPathEqualTo(PATH)));
        assertThat(requests).allSatisfy(r -> assertThat(r.getHeader("X-Request-Id")).isEqualTo(DownstreamStub.REQUEST_ID));
    }

    private static RequestContext context(String traceparent) {
        return new RequestContext(DownstreamStub.REQUEST_ID, new CustomerId("alice"), Optional.empty(),
                Optional.of(traceparent));
    }
}
