package dev.hearth.bench.peer;

import dev.hearth.ports.domain.model.Account;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.ExternalBalance;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.DownstreamException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** A home screen written by hand; the JSON shape follows Hearth's ({screen, complete, sections[{id, status, data}]}). */
abstract class HomeComposition {
    /** Open banking's freshness window in home.yml, and how old a last good value may be on failure. */
    static final Duration FRESHNESS = Duration.ofSeconds(30);
    static final Duration STALE = Duration.ofMinutes(10);

    /** The answer: HTTP status, body, whether every section is OK. */
    record Home(int status, Object body, boolean complete) {
    }

    private record Fetched(List<ExternalBalance> value, Instant at) {
    }

    protected final HomePorts ports;
    private final Map<CustomerId, Fetched> openBankingCache = new ConcurrentHashMap<>();

    HomeComposition(HomePorts ports) {
        this.ports = ports;
    }

    abstract Home home(CustomerId customer, String token, String requestId);

    /** The home when it is ready; a blocking composition builds it on the caller's thread, as {@link #home} does. */
    CompletableFuture<Home> homeAsync(CustomerId customer, String token, String requestId) {
        return CompletableFuture.completedFuture(home(customer, token, requestId));
    }

    static RequestContext context(CustomerId customer, String token, String requestId) {
        return new RequestContext(requestId, customer, Optional.of(token), Optional.empty());
    }

    /** Open banking as home.yml has it: 30 s freshness, the last good value (up to 10 min) on failure. */
    final Section openBanking(RequestContext context) {
        Fetched cached = openBankingCache.get(context.customer());
        Instant now = Instant.now();
        if (cached != null && cached.at().isAfter(now.minus(FRESHNESS))) {
            return Section.ok("openBanking", cached.value());
        }
        try {
            List<ExternalBalance> fresh = ports.openBanking().loadExternalBalances(context, context.customer());
            openBankingCache.put(context.customer(), new Fetched(fresh, now));
            return Section.ok("openBanking", fresh);
        } catch (DownstreamException | RuntimeException e) {
            if (cached != null && cached.at().isAfter(now.minus(STALE))) {
                return new Section("openBanking", "STALE", cached.value());
            }
            return new Section("openBanking", "FAILED", null);
        }
    }

    /** An account with its fields, as Hearth's JSON shows it. */
    static Map<String, Object> enriched(Account account, Object balance, Object alias, Object partnership) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("id", account.id());
        item.put("owner", account.owner());
        item.put("type", account.type());
        item.put("productName", account.productName());
        item.put("maskedIban", account.maskedIban());
        item.put("currency", account.currency());
        item.put("balance", balance);
        if (alias != null) {
            item.put("alias", alias);
        }
        if (partnership != null) {
            item.put("partnership", partnership);
        }
        return item;
    }

    static Home answer(List<Section> sections) {
        boolean complete = sections.stream().allMatch(s -> s.status().equals("OK"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("screen", "home");
        body.put("complete", complete);
        body.put("sections", new ArrayList<>(sections));
        return new Home(200, body, complete);
    }

    static Home unavailable(String section) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", "Service Unavailable");
        body.put("status", 503);
        body.put("detail", "required section '" + section + "' failed");
        return new Home(503, body, false);
    }

    /** One section of the answer. */
    record Section(String id, String status, Object data) {
        static Section ok(String id, Object data) {
            return new Section(id, "OK", data);
        }
    }
}
