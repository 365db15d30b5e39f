package dev.hearth.bench.peer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hearth.ports.domain.model.Account;
import dev.hearth.ports.domain.model.AccountId;
import dev.hearth.ports.domain.model.AccountType;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.RequestContext;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.client.BufferingResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpHeader;

/**
 * The reference point, a bare Jetty + Jackson aggregation: every downstream call asynchronous on Jetty's HTTP
 * client, so no thread waits for an answer; the answers kept as Jackson trees; the home composed in callbacks. Only the
 * nickname reads (JDBC, through Hearth's adapter) run on threads, virtual ones. Each call is bounded by its port's
 * deadline (Jetty's request timeout), the home by its budget. No circuit breakers, bulkheads, metrics, traces or
 * legacy fallback: what a home costs when only the calls, the JSON and the deadlines are left.
 */
final class BareHome extends ConcurrentHome {

    private record Fetched(JsonNode value, Instant at) {
    }

    private final HttpClient client;
    private final String base;
    private final String marketing;
    private final ObjectMapper mapper;
    private final Deadlines deadlines;
    private final ExecutorService database = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<CustomerId, Fetched> openBankingCache = new ConcurrentHashMap<>();

    BareHome(HomePorts ports, HttpClient client, String base, String marketing, ObjectMapper mapper, Deadlines deadlines) {
        super(ports);
        this.client = client;
        this.base = base;
        this.marketing = marketing;
        this.mapper = mapper;
        this.deadlines = deadlines;
    }

    @Override
    Home home(CustomerId customer, String token, String requestId) {
        return homeAsync(customer, token, requestId).join();
    }

    @Override
    CompletableFuture<Home> homeAsync(CustomerId customer, String token, String requestId) {
        RequestContext context = context(customer, token, requestId);
        String id = segment(customer.value());
        CompletableFuture<Object> profile = get(base + "/core/customers/" + id + "/profile", deadlines.profile(), context, false);
        CompletableFuture<Section> accounts = get(base + "/core/customers/" + id + "/accounts", deadlines.accounts(), context, false)
                .thenCompose(list -> missing(list) ? CompletableFuture.completedFuture(null) : enrich(context, (JsonNode) list));
        CompletableFuture<Object> cardList = get(base + "/cards/customers/" + id + "/cards", deadlines.cardList(), context, false)
                .thenApply(list -> field(list, "cards"));
        CompletableFuture<Section> cards = cardList.thenCompose(list -> missing(list)
                ? CompletableFuture.completedFuture(new Section("cards", "FALLBACK", List.of())) : details(context, (JsonNode) list));
        CompletableFuture<Section> openBanking = openBanking(context, id);
        CompletableFuture<Object> banners = get(marketing + "/marketing/customers/" + id + "/banners", deadlines.banners(), context,
                false).thenApply(list -> field(list, "banners"));
        return CompletableFuture.allOf(profile, accounts, cardList, cards, openBanking, banners)
                .completeOnTimeout(null, deadlines.budget().toMillis(), TimeUnit.MILLISECONDS)
                .handle((done, error) -> assemble(profile, accounts, cardList, cards, openBanking, banners));
    }

    /** The member {@code name} of an answer, or the answer's FAILED or ABSENT. */
    private static Object field(Object answer, String name) {
        return missing(answer) ? answer : ((JsonNode) answer).path(name);
    }

    private CompletableFuture<Section> enrich(RequestContext context, JsonNode list) {
        List<CompletableFuture<Object>> items = new ArrayList<>();
        for (JsonNode json : list.path("accounts")) {
            Account account;
            try {
                account = new Account(new AccountId(json.path("accountId").asText()), context.customer(),
                        AccountType.valueOf(json.path("type").asText()), json.path("productName").asText(),
                        json.path("maskedIban").asText(), json.path("currency").asText());
            } catch (RuntimeException e) {
                continue; // an account the domain rejects is left out, as Hearth's mapper does
            }
            String id = segment(account.id().value());
            CompletableFuture<Object> balance = get(base + "/core/accounts/" + id + "/balance", deadlines.balance(), context, false);
            CompletableFuture<Object> partnership = get(base + "/partners/accounts/" + id + "/partnership",
                    deadlines.partnership(), context, false);
            CompletableFuture<Object> alias = CompletableFuture.supplyAsync(() -> {
                try {
                    return (Object) ports.nickname().loadOrAssignNickname(context, account).value();
                } catch (Exception e) {
                    return FAILED;
                }
            }, database).completeOnTimeout(FAILED, deadlines.alias().toMillis(), TimeUnit.MILLISECONDS);
            items.add(item(account, balance, alias, partnership));
        }
        return accountsSection(items);
    }

    private CompletableFuture<Section> details(RequestContext context, JsonNode cards) {
        List<CompletableFuture<Object>> details = new ArrayList<>();
        for (JsonNode card : cards) {
            details.add(get(base + "/cards/cards/" + segment(card.path("cardId").asText()), deadlines.cardDetails(), context, false));
        }
        return cardsSection(details);
    }

    /** Open banking as home.yml has it: 30 s freshness, the last good value (up to 10 min) on failure. */
    private CompletableFuture<Section> openBanking(RequestContext context, String id) {
        Fetched cached = openBankingCache.get(context.customer());
        Instant now = Instant.now();
        if (cached != null && cached.at().isAfter(now.minus(FRESHNESS))) {
            return CompletableFuture.completedFuture(Section.ok("openBanking", cached.value()));
        }
        return get(base + "/openbanking/customers/" + id + "/balances", deadlines.openBanking(), context, true).thenApply(fresh -> {
            if (!missing(fresh)) {
                JsonNode balances = ((JsonNode) fresh).path("balances");
                openBankingCache.put(context.customer(), new Fetched(balances, now));
                return Section.ok("openBanking", balances);
            }
            if (cached != null && cached.at().isAfter(now.minus(STALE))) {
                return new Section("openBanking", "STALE", cached.value());
            }
            return new Section("openBanking", "FAILED", null);
        });
    }

    /** One GET, bounded by {@code deadline}: the answer as a tree, FAILED or ABSENT (404); never exceptional. */
    private CompletableFuture<Object> get(String url, Duration deadline, RequestContext context, boolean forwardBearer) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        client.newRequest(url).timeout(deadline.toMillis(), TimeUnit.MILLISECONDS).headers(headers -> {
            headers.put(HttpHeader.ACCEPT, "application/json").put("X-Request-Id", context.requestId());
            if (forwardBearer) {
                headers.put(HttpHeader.AUTHORIZATION, "Bearer " + context.bearerToken().orElseThrow());
            }
        }).send(new BufferingResponseListener(4 * 1024 * 1024) {
            @Override
            public void onComplete(Result done) {
                int status = done.isFailed() ? 0 : done.getResponse().getStatus();
                if (status == 404) {
                    result.complete(ABSENT);
                } else if (status < 200 || status > 299) {
                    result.complete(FAILED);
                } else {
                    try {
                        result.complete(mapper.readTree(getContent()));
                    } catch (IOException e) {
                        result.complete(FAILED);
                    }
                }
            }
        });
        return result;
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
