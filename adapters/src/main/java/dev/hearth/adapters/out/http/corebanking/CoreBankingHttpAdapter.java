package dev.hearth.adapters.out.http.corebanking;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.adapters.out.http.AnswerDeadline;
import dev.hearth.adapters.out.http.JsonHttp;
import dev.hearth.ports.domain.model.Account;
import dev.hearth.ports.domain.model.AccountId;
import dev.hearth.ports.domain.model.Activity;
import dev.hearth.ports.domain.model.Balance;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.CustomerProfile;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.DownstreamException;
import dev.hearth.ports.domain.port.out.LoadAccountsPort;
import dev.hearth.ports.domain.port.out.LoadBalancePort;
import dev.hearth.ports.domain.port.out.LoadCustomerProfilePort;
import dev.hearth.ports.domain.port.out.LoadRecentActivitiesPort;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

/**
 * Core banking over HTTP: profile, accounts, balance and recent activities (adapters/DOWNSTREAMS.md).
 * Thread-safe; one instance serves every request.
 */
public final class CoreBankingHttpAdapter
        implements LoadCustomerProfilePort, LoadAccountsPort, LoadBalancePort, LoadRecentActivitiesPort {
    /** The downstream's name in error messages, as config.yml names it. */
    public static final String DOWNSTREAM = "coreBanking";
    /** The most activities one call may ask for. */
    public static final int MAX_ACTIVITIES = 100;

    private final JsonHttp http;

    public CoreBankingHttpAdapter(CloseableHttpClient client, URI baseUrl, AnswerDeadline deadline, ObjectMapper mapper) {
        this.http = new JsonHttp(DOWNSTREAM, client, baseUrl, deadline, mapper);
    }

    @Override
    public CustomerProfile loadProfile(RequestContext context, CustomerId customer) throws DownstreamException {
        Objects.requireNonNull(customer, "customer");
        return http.get(context, http.path("core", "customers", customer.value(), "profile"),
                CoreBankingJson.Profile.class, json -> CoreBankingMapper.profile(json, customer));
    }

    @Override
    public List<Account> loadAccounts(RequestContext context, CustomerId customer) throws DownstreamException {
        Objects.requireNonNull(customer, "customer");
        return http.get(context, http.path("core", "customers", customer.value(), "accounts"),
                CoreBankingJson.Accounts.class, json -> CoreBankingMapper.accounts(json, customer));
    }

    @Override
    public Balance loadBalance(RequestContext context, AccountId account) throws DownstreamException {
        Objects.requireNonNull(account, "account");
        return http.get(context, http.path("core", "accounts", account.value(), "balance"),
                CoreBankingJson.Balance.class, json -> CoreBankingMapper.balance(json, account));
    }

    @Override
    public List<Activity> loadRecentActivities(RequestContext context, AccountId account, int limit)
            throws DownstreamException {
        Objects.requireNonNull(account, "account");
        if (limit < 1 || limit > MAX_ACTIVITIES) {
            throw new IllegalArgumentException("limit must be from 1 to " + MAX_ACTIVITIES + ", not " + limit);
        }
        return http.get(context, http.path("core", "accounts", account.value(), "activities") + "?limit=" + limit,
                CoreBankingJson.Activities.class, json -> CoreBankingMapper.activities(json, account, limit));
    }
}
