package dev.hearth.adapters.out.http.legacy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.adapters.out.http.AnswerDeadline;
import dev.hearth.adapters.out.http.JsonHttp;
import dev.hearth.ports.domain.model.LegacyHome;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.LoadLegacyHomePort;
import java.net.URI;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * The legacy monolith's home screen over HTTP. It authenticates the customer itself, so the
 * caller's bearer token is forwarded (and only here); a context without one fails as
 * {@link DownstreamException.Kind#UNAVAILABLE} without calling. The body, once known to be JSON, is
 * passed through unchanged. Thread-safe.
 */
public final class LegacyHomeHttpAdapter implements LoadLegacyHomePort {
    public static final String DOWNSTREAM = "legacy";

    private final JsonHttp http;

    public LegacyHomeHttpAdapter(CloseableHttpClient client, URI baseUrl, AnswerDeadline deadline, ObjectMapper mapper) {
        this.http = new JsonHttp(DOWNSTREAM, client, baseUrl, deadline, mapper);
    }

    @Override
    public LegacyHome loadLegacyHome(RequestContext context) throws DownstreamException {
        String path = http.path("legacy", "customers", context.customer().value(), "home");
        return new LegacyHome(http.getRawJsonForwardingBearer(context, path));
    }
}
