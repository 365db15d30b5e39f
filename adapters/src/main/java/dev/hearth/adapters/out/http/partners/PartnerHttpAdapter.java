package dev.hearth.adapters.out.http.partners;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.adapters.out.http.AnswerDeadline;
import dev.hearth.adapters.out.http.JsonHttp;
import dev.hearth.adapters.out.http.Wire;
import dev.hearth.ports.domain.model.AccountId;
import dev.hearth.ports.domain.model.Partnership;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.LoadPartnershipPort;
import java.net.URI;
import java.util.Objects;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * The partner service over HTTP. An account in no partner programme answers 404, which is
 * {@link DownstreamException.Kind#NOT_FOUND}. Thread-safe.
 */
public final class PartnerHttpAdapter implements LoadPartnershipPort {
    public static final String DOWNSTREAM = "partners";

    private final JsonHttp http;

    public PartnerHttpAdapter(CloseableHttpClient client, URI baseUrl, AnswerDeadline deadline, ObjectMapper mapper) {
        this.http = new JsonHttp(DOWNSTREAM, client, baseUrl, deadline, mapper);
    }

    @Override
    public Partnership loadPartnership(RequestContext context, AccountId account) throws DownstreamException {
        Objects.requireNonNull(account, "account");
        return http.get(context, http.path("partners", "accounts", account.value(), "partnership"),
                PartnershipJson.class, json -> {
                    Wire.sameId(json.accountId(), account.value(), "accountId");
                    return new Partnership(account, json.partnerName(), json.programme(), json.tier());
                });
    }
}
