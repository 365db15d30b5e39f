package dev.hearth.adapters.out.http.openbanking;

import static dev.hearth.adapters.out.http.Wire.required;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.adapters.out.http.AnswerDeadline;
import dev.hearth.adapters.out.http.JsonHttp;
import dev.hearth.adapters.out.http.Wire;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.ExternalBalance;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.LoadOpenBankingBalancesPort;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * The open-banking hub over HTTP: the customer's balances at other banks. Every call costs money,
 * which is why screens cache it ({@code freshness}); this adapter does not. Thread-safe.
 */
public final class OpenBankingHttpAdapter implements LoadOpenBankingBalancesPort {
    public static final String DOWNSTREAM = "openBanking";

    private final JsonHttp http;

    public OpenBankingHttpAdapter(CloseableHttpClient client, URI baseUrl, AnswerDeadline deadline, ObjectMapper mapper) {
        this.http = new JsonHttp(DOWNSTREAM, client, baseUrl, deadline, mapper);
    }

    @Override
    public List<ExternalBalance> loadExternalBalances(RequestContext context, CustomerId customer)
            throws DownstreamException {
        Objects.requireNonNull(customer, "customer");
        return http.get(context, http.path("openbanking", "customers", customer.value(), "balances"),
                OpenBankingJson.Balances.class, json -> {
                    Wire.sameId(json.customerId(), customer.value(), "customerId");
                    return Wire.list(json.balances(), "balances", item -> new ExternalBalance(
                            item.bankName(),
                            Wire.maskedIban(item.maskedIban(), "balances[].maskedIban"),
                            required(item.balance(), "balances[].balance").toMoney("balances[].balance"),
                            Wire.instant(item.asOf(), "balances[].asOf")));
                });
    }
}
