package dev.hearth.bench.peer;

import dev.hearth.ports.domain.model.Account;
import dev.hearth.ports.domain.model.CardSummary;
import dev.hearth.ports.domain.model.CustomerId;
import dev.hearth.ports.domain.model.RequestContext;
import dev.hearth.ports.domain.port.out.DownstreamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The usual hand-written way: every call a {@link CompletableFuture} on a fixed pool of platform threads, the
 * request's thread joining them; an optional part is waited for at most its deadline ({@code completeOnTimeout}),
 * the whole screen at most its budget. A call given up on keeps its pool thread until its socket timeout.
 */
final class PooledHome extends HomeComposition {
    /** A part that failed or was not waited for. */
    private static final Object FAILED = new Object();
    /** A part the downstream says does not exist (an account in no partner programme). */
    private static final Object ABSENT = new Object();

    /** A port call that may throw. */
    private interface Call<T> {
        T call() throws Exception;
    }

    private final ExecutorService pool;
    private final Deadlines deadlines;

    PooledHome(HomePorts ports, ExecutorService pool, Deadlines deadlines) {
        super(ports);
        this.pool = pool;
        this.deadlines = deadlines;
    }

    @Override
    Home home(CustomerId customer, String token, String requestId) {
        RequestContext context = context(customer, token, requestId);
        CompletableFuture<Object> profile = part(() -> ports.profile().loadProfile(context, customer), deadlines.profile());
        CompletableFuture<Section> accounts = part(() -> ports.accounts().loadAccounts(context, customer),
                deadlines.accounts()).thenCompose(list -> list == FAILED || list == ABSENT
                        ? CompletableFuture.completedFuture(null) : enrich(context, (List<?>) list));
        CompletableFuture<Object> cardList = part(() -> ports.cards().loadCards(context, customer), deadlines.cardList());
        CompletableFuture<Section> cards = cardList.thenCompose(list -> list == FAILED || list == ABSENT
                ? CompletableFuture.completedFuture(new Section("cards", "FALLBACK", List.of())) : details(context, (List<?>) list));
        CompletableFuture<Section> openBanking = CompletableFuture.supplyAsync(() -> openBanking(context), pool)
                .completeOnTimeout(new Section("openBanking", "FAILED", null), deadlines.openBanking().toMillis(),
                        TimeUnit.MILLISECONDS);
        CompletableFuture<Object> banners = part(() -> ports.banners().loadBanners(context, customer), deadlines.banners());
        try {
            CompletableFuture.allOf(profile, accounts, cardList, cards, openBanking, banners)
                    .get(deadlines.budget().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            // answer with what is there
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Object p = profile.getNow(FAILED);
        if (p == FAILED || p == ABSENT) {
            return unavailable("profile");
        }
        Section a = accounts.getNow(null);
        if (a == null) {
            return unavailable("accounts");
        }
        List<Section> sections = new ArrayList<>();
        sections.add(Section.ok("profile", p));
        sections.add(a);
        Object list = cardList.getNow(FAILED);
        sections.add(list == FAILED || list == ABSENT ? new Section("cardList", "FALLBACK", List.of()) : Section.ok("cardList", list));
        sections.add(cards.getNow(new Section("cards", "FALLBACK", List.of())));
        sections.add(openBanking.getNow(new Section("openBanking", "FAILED", null)));
        Object b = banners.getNow(FAILED);
        sections.add(b == FAILED || b == ABSENT ? new Section("banners", "FALLBACK", List.of()) : Section.ok("banners", b));
        return answer(sections);
    }

    private CompletableFuture<Section> enrich(RequestContext context, List<?> accounts) {
        List<CompletableFuture<Object>> items = new ArrayList<>();
        for (Object o : accounts) {
            Account account = (Account) o;
            CompletableFuture<Object> balance = part(() -> ports.balance().loadBalance(context, account.id()), deadlines.balance());
            CompletableFuture<Object> alias = part(() -> ports.nickname().loadOrAssignNickname(context, account).value(),
                    deadlines.alias());
            CompletableFuture<Object> partnership = part(() -> ports.partnership().loadPartnership(context, account.id()),
                    deadlines.partnership());
            items.add(CompletableFuture.allOf(balance, alias, partnership).thenApply(v -> {
                Object bal = balance.join();
                Object ali = alias.join();
                Object par = partnership.join();
                boolean degraded = bal == FAILED || ali == FAILED || par == FAILED;
                Object item = enriched(account, bal == FAILED ? null : bal, ali == FAILED ? null : ali,
                        par == FAILED || par == ABSENT ? null : par);
                return degraded ? new Degraded(item) : item;
            }));
        }
        return CompletableFuture.allOf(items.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Object> data = new ArrayList<>();
            boolean degraded = false;
            for (CompletableFuture<Object> item : items) {
                Object value = item.join();
                if (value instanceof Degraded d) {
                    degraded = true;
                    value = d.item();
                }
                data.add(value);
            }
            return new Section("accounts", degraded ? "PARTIAL" : "OK", data);
        });
    }

    private record Degraded(Object item) {
    }

    private CompletableFuture<Section> details(RequestContext context, List<?> cards) {
        List<CompletableFuture<Object>> details = new ArrayList<>();
        for (Object card : cards) {
            details.add(part(() -> ports.cardDetails().loadCardDetail(context, ((CardSummary) card).id()), deadlines.cardDetails()));
        }
        return CompletableFuture.allOf(details.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Object> data = new ArrayList<>();
            boolean degraded = false;
            for (CompletableFuture<Object> detail : details) {
                Object value = detail.join();
                if (value == FAILED || value == ABSENT) {
                    degraded = true;
                } else {
                    data.add(value);
                }
            }
            return new Section("cards", degraded ? "PARTIAL" : "OK", data);
        });
    }

    /** One call on the pool, waited for at most {@code deadline}: its value, FAILED or ABSENT; never exceptional. */
    private CompletableFuture<Object> part(Call<?> call, Duration deadline) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                return (Object) call.call();
            } catch (DownstreamException e) {
                return e.kind() == DownstreamException.Kind.NOT_FOUND ? ABSENT : FAILED;
            } catch (Exception e) {
                return FAILED;
            }
        }, pool).completeOnTimeout(FAILED, deadline.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> FAILED);
    }
}
