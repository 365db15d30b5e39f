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

/** Every downstream call carries a {@code traceparent}: a child span of the request's, one span id per call. */
class TraceParentForwardingTest {
    private static final String PATH = "/core/customers/alice/profile";
    private static final String PROFILE = """
            {"customerId": "alice", "displayName": "Alice Example", "segment": "PREMIUM"}""";
    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String PARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

    @RegisterExtension
    static final DownstreamStub STUB = DownstreamStub.start();

    @Test
    void eachCallSendsAChildOfTheRequestsTraceparent() throws Exception {
        STUB.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(PROFILE)));
        var adapter = new CoreBankingHttpAdapter(STUB.client, STUB.baseUrl(), DownstreamStub.DEADLINE, STUB.mapper);
        RequestContext context = new RequestContext(DownstreamStub.REQUEST_ID, new CustomerId("alice"), Optional.empty(),
                Optional.of(PARENT));

        adapter.loadProfile(context, new CustomerId("alice"));
        adapter.loadProfile(context, new CustomerId("alice"));

        List<String> sent = STUB.server.findAll(getRequestedFor(urlPathEqualTo(PATH))).stream()
                .map(request -> request.getHeader("traceparent")).toList();
        assertThat(sent).hasSize(2).allSatisfy(traceparent -> assertThat(traceparent)
                .matches("00-" + TRACE_ID + "-[0-9a-f]{16}-01")
                .isNotEqualTo(PARENT));
        assertThat(sent.get(0)).as("a span id per call").isNotEqualTo(sent.get(1));
    }

    @Test
    void withoutTraceContextOrWithABrokenOneNothingIsSent() throws Exception {
        STUB.server.stubFor(get(urlPathEqualTo(PATH)).willReturn(okJson(PROFILE)));
        var adapter = new CoreBankingHttpAdapter(STUB.client, STUB.baseUrl(), DownstreamStub.DEADLINE, STUB.mapper);

        adapter.loadProfile(DownstreamStub.context("alice"), new CustomerId("alice"));
        adapter.loadProfile(new RequestContext(DownstreamStub.REQUEST_ID, new CustomerId("alice"), Optional.empty(),
                Optional.of("00-" + "0".repeat(32) + "-00f067aa0ba902b7-01")), new CustomerId("alice"));

        STUB.server.verify(2, getRequestedFor(urlPathEqualTo(PATH)).withHeader("traceparent", absent()));
        List<LoggedRequest> requests = STUB.server.findAll(getRequestedFor(urlPathEqualTo(PATH)));
        assertThat(requests).allSatisfy(r -> assertThat(r.getHeader("X-Request-Id")).isEqualTo(DownstreamStub.REQUEST_ID));
    }
}
